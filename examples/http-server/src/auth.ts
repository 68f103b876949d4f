import type { Actor } from '@redress/core';
import { jwtVerify, SignJWT } from 'jose';

/** The staff's tokens: signed by the application's sign-in with HS256 (or RS256/EdDSA with a key pair). */
export interface StaffTokens {
  /** The actor of a request's `Authorization: Bearer …`, or `undefined`: no valid token, no actor. */
  authenticate(request: Request): Promise<Actor | undefined>;
  /** A token for a member of staff, as the sign-in page would issue it. */
  issue(actor: Actor, expiresIn?: string): Promise<string>;
}

/** Verify and issue JWTs with jose: the actor is in the signed claims, never in a request body. */
export const staffTokens = (secret: Uint8Array, issuer = 'https://complaints.example'): StaffTokens => ({
  async authenticate(request) {
    const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (token === undefined) return undefined;
    try {
      const { payload } = await jwtVerify(token, secret, { issuer, audience: 'redress', algorithms: ['HS256'] });
      const { sub, role, department } = payload as { sub?: unknown; role?: unknown; department?: unknown };
      if (typeof sub !== 'string' || typeof role !== 'string') return undefined;
      return { id: sub, role, ...(typeof department === 'string' ? { department } : {}) };
    } catch {
      return undefined; // expired, forged or malformed: 401
    }
  },
  issue: (actor, expiresIn = '8h') =>
    new SignJWT({ role: actor.role, ...(actor.department === undefined ? {} : { department: actor.department }) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(actor.id)
      .setIssuer(issuer)
      .setAudience('redress')
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(secret),
});
