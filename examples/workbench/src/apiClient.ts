import type { Actor } from '@redress/core';
import type { HttpHandler } from '@redress/http';

/** An answer of the API: its status and its JSON (a problem's `detail` is the RedressError's message). */
export interface ApiAnswer<T = unknown> {
  readonly ok: boolean;
  readonly status: number;
  readonly body: T;
}

/** A refusal's words: the problem's detail (the RedressError's message), or its status. */
export const detailOf = (answer: ApiAnswer): string => {
  const detail = (answer.body as { detail?: unknown } | undefined)?.detail;
  return typeof detail === 'string' ? detail : `HTTP ${answer.status}`;
};

/**
 * The pages' client of the HTTP API, in process: each request is a web-standard `Request` handed to
 * `api.fetch`, its actor registered for the API's `authenticate` hook (the session's, never a form's).
 */
export const apiClient =
  (api: HttpHandler, actors: WeakMap<Request, Actor>) =>
  async <T = unknown>(
    actor: Actor,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> => {
    const request = new Request(`http://workbench.internal/api${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    actors.set(request, actor);
    const response = await api.fetch(request);
    const text = await response.text();
    return { ok: response.ok, status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  };
