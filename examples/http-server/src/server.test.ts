import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { receiveAndAccept } from './client';
import { complaintsServer } from './server';

const dir = mkdtempSync(join(tmpdir(), 'redress-http-example-'));
const secret = randomBytes(32);
const logs: string[] = [];
const app = complaintsServer({
  path: join(dir, 'complaints.db'),
  kek: randomBytes(32).toString('base64'),
  jwtSecret: secret,
  log: (l) => logs.push(l),
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTTP example: node:http, a SQLite file, staff signed in with JWTs', () => {
  test('an agent receives a complaint and a handler accepts it, each by their signed token', async () => {
    const agent = await app.tokens.issue({ id: 'agent-7', role: 'agent' });
    const handler = await app.tokens.issue({ id: 'handler-2', role: 'handler' });
    const { complaintId, stage, version } = await receiveAndAccept(base, agent, handler);
    expect({ stage, version }).toEqual({ stage: 'judged', version: 3 });
    const events = await app.engine.history(complaintId);
    expect(events.map((e) => e.actor.id)).toEqual(['agent-7', 'agent-7', 'handler-2']);
    // The same submission again (same Idempotency-Key) is the same complaint.
    await expect(receiveAndAccept(base, agent, handler)).rejects.toThrow(/409 NOT_ALLOWED/);
    expect(JSON.stringify(logs)).not.toContain('王芳');
  });

  test('a forged, expired or missing token is 401; a token claims its role, a body never does', async () => {
    const forged = await new SignJWT({ role: 'supervisor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('https://complaints.example')
      .setAudience('redress')
      .setExpirationTime('1h')
      .sign(randomBytes(32));
    const expired = await app.tokens.issue({ id: 'agent-7', role: 'agent' }, '-1m');
    for (const token of [forged, expired, 'not-a-jwt']) {
      const answer = await fetch(`${base}/api/complaints`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(401);
    }
    expect((await fetch(`${base}/api/complaints`)).status).toBe(401);
    const agent = await app.tokens.issue({ id: 'agent-7', role: 'agent' });
    const posing = await fetch(`${base}/api/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        actor: { id: 'sup-1', role: 'supervisor' },
        channel: 'web',
        category: 'quality',
        complainant: { name: 'x' },
        summary: 'y',
      }),
    });
    expect(posing.status).toBe(422);
  });
});
