import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '@redress/core';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { staffById } from './staff';

const SESSION = 'wb_session';
const CSRF = 'wb_csrf';
/** How long a sign-in lasts. */
export const SESSION_SECONDS = 8 * 60 * 60;

const cookieOptions = (c: Context, maxAge: number) => ({
  httpOnly: true,
  sameSite: 'Lax' as const,
  path: '/',
  maxAge,
  secure: new URL(c.req.url).protocol === 'https:',
});

/**
 * The signed-in member of staff, from the signed session cookie (HMAC-SHA256, Hono's signed cookies):
 * the cookie names a staff id and when it was issued; the role and department come from the staff
 * directory, never from the cookie or a form.
 */
export const sessionActor = async (c: Context, secret: string, now: number): Promise<Actor | undefined> => {
  const value = await getSignedCookie(c, secret, SESSION);
  if (typeof value !== 'string') return undefined; // missing, or the signature does not hold
  const [id, issued] = value.split('|');
  const at = Number(issued);
  if (id === undefined || !Number.isFinite(at) || now - at > SESSION_SECONDS * 1000 || at > now + 60_000)
    return undefined;
  return staffById(id)?.actor;
};

/** Sign a member of staff in: a fresh session cookie and a fresh CSRF token. */
export const signIn = async (c: Context, secret: string, staffId: string, now: number) => {
  await setSignedCookie(c, SESSION, `${staffId}|${now}`, secret, cookieOptions(c, SESSION_SECONDS));
  await setSignedCookie(c, CSRF, randomBytes(24).toString('base64url'), secret, cookieOptions(c, SESSION_SECONDS));
};

/** Sign out: both cookies cleared. */
export const signOut = (c: Context) => {
  deleteCookie(c, SESSION, { path: '/' });
  deleteCookie(c, CSRF, { path: '/' });
};

/**
 * The CSRF token of this browser (a signed cookie, made on first visit): every form carries it in a
 * hidden field, and a POST whose field does not match is refused. SameSite=Lax keeps the cookies off
 * cross-site posts as well.
 */
export const csrfToken = async (c: Context, secret: string): Promise<string> => {
  const known = await getSignedCookie(c, secret, CSRF);
  if (typeof known === 'string' && known !== '') return known;
  const fresh = randomBytes(24).toString('base64url');
  await setSignedCookie(c, CSRF, fresh, secret, cookieOptions(c, SESSION_SECONDS));
  return fresh;
};

/** Whether the form's token is this browser's. */
export const csrfHolds = async (c: Context, secret: string, sent: unknown): Promise<boolean> => {
  const known = await getSignedCookie(c, secret, CSRF);
  if (typeof known !== 'string' || typeof sent !== 'string' || known.length !== sent.length) return false;
  return timingSafeEqual(Buffer.from(known), Buffer.from(sent));
};
