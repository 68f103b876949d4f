import http from 'node:http';
import https from 'node:https';
import { RedressError } from '@redress/core';

/** Parse and check a channel's URL. */
export const endpointUrl = (url: string | URL, option = 'url'): URL => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RedressError('VALIDATION', `${option} "${String(url)}" is not a URL; give an absolute http(s) URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new RedressError('VALIDATION', `${option} "${u.href}" must use http or https`);
  }
  return u;
};

/** A keep-alive agent for one endpoint, so repeated deliveries reuse connections. */
export const keepAliveAgent = (url: URL, maxSockets = 64): http.Agent =>
  url.protocol === 'https:'
    ? new https.Agent({ keepAlive: true, maxSockets })
    : new http.Agent({ keepAlive: true, maxSockets });

/** Check a timeout option. */
export const timeoutOption = (value: number | undefined, fallback: number): number => {
  const t = value ?? fallback;
  if (!Number.isFinite(t) || t <= 0)
    throw new RedressError('VALIDATION', `timeoutMs must be a positive number of milliseconds, got ${String(value)}`);
  return t;
};
