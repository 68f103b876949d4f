import {
  isRedressError,
  memoryStore,
  RedressError,
  type Command,
  type EventStore,
  type RedressErrorCode,
} from '@redress/core';
import { STATUS_OF_CODE } from '@redress/http';
import { afterEach, describe, expect, test } from 'vitest';
import { caller, direct, eventCount, intake, serveNode, setUp, STAFF } from './fixtures';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** What the engine itself throws for a command. */
const engineError = async (run: () => Promise<unknown>): Promise<RedressError> => {
  try {
    await run();
  } catch (e) {
    if (isRedressError(e)) return e;
    throw e;
  }
  throw new Error('expected a RedressError');
};

describe('errors are RFC 9457 problems, one status per RedressError code, with the engine’s message and details', () => {
  test('VALIDATION, NOT_ALLOWED, FORBIDDEN, NOT_FOUND and CONFLICT, next to what the engine throws', async () => {
    const { api, engine } = setUp();
    const call = direct(api);
    const id = (await call('agent', 'POST', '/complaints', intake())).json.complaintId as string;
    const cases: {
      code: RedressErrorCode;
      path: string;
      who: 'agent' | 'handler' | 'supervisor';
      body: object;
      command: Command;
    }[] = [
      {
        code: 'VALIDATION',
        path: `/complaints/${id}/commands/accept`,
        who: 'handler',
        body: { department: 'quality-control', priority: 'sky-high' },
        command: {
          type: 'accept',
          complaintId: id,
          actor: STAFF.handler,
          department: 'quality-control',
          priority: 'sky-high' as 'high',
        },
      },
      {
        code: 'NOT_ALLOWED',
        path: `/complaints/${id}/commands/approveRemedy`,
        who: 'supervisor',
        body: { proposalId: 'P1' },
        command: { type: 'approveRemedy', complaintId: id, actor: STAFF.supervisor, proposalId: 'P1' },
      },
      {
        code: 'FORBIDDEN',
        path: `/complaints/${id}/commands/accept`,
        who: 'agent',
        body: { department: 'quality-control', priority: 'high' },
        command: {
          type: 'accept',
          complaintId: id,
          actor: STAFF.agent,
          department: 'quality-control',
          priority: 'high',
        },
      },
      {
        code: 'NOT_FOUND',
        path: '/complaints/C-nope/commands/addNote',
        who: 'agent',
        body: { text: 'hello' },
        command: { type: 'addNote', complaintId: 'C-nope', actor: STAFF.agent, text: 'hello' },
      },
    ];
    for (const c of cases) {
      const before = await eventCount(engine);
      const answer = await call(c.who, 'POST', c.path, c.body);
      const thrown = await engineError(() => engine.execute(c.command));
      expect(thrown.code).toBe(c.code);
      expect(answer.status, c.code).toBe(STATUS_OF_CODE[c.code]);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json).toEqual({
        type: `urn:redress:problem:${c.code.toLowerCase().replace('_', '-')}`,
        title: expect.any(String),
        status: STATUS_OF_CODE[c.code],
        detail: thrown.message,
        code: c.code,
        details: JSON.parse(JSON.stringify(thrown.details)),
        instance: c.path,
      });
      expect(await eventCount(engine)).toBe(before);
    }
    // CONFLICT: a complaint id that exists.
    const again = await call('agent', 'POST', '/complaints', intake({ complaintId: id }));
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('CONFLICT');
    expect(STATUS_OF_CODE).toMatchObject({
      VALIDATION: 422,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      NOT_ALLOWED: 409,
      CONFLICT: 409,
      STORE_UNAVAILABLE: 503,
    });
  });

  test('STORE_UNAVAILABLE is 503 with Retry-After, and nothing was appended', async () => {
    const inner = memoryStore();
    let down = false;
    const store: EventStore = {
      ...inner,
      append: (...args) =>
        down
          ? Promise.reject(
              new RedressError('STORE_UNAVAILABLE', 'The store did not answer; nothing was appended, try again', {}),
            )
          : inner.append(...args),
    };
    const { api, engine } = setUp({ retryAfterSeconds: 7 }, { store });
    const call = direct(api);
    const id = (await call('agent', 'POST', '/complaints', intake())).json.complaintId as string;
    down = true;
    const answer = await call('agent', 'POST', `/complaints/${id}/commands/addNote`, { text: 'Called back' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.json.code).toBe('STORE_UNAVAILABLE');
    expect(await eventCount(engine)).toBe(2);
  });

  test('malformed JSON, another content type, a body too large, no actor: clear problems over a real connection', async () => {
    const { api, engine } = setUp({ maxBodyBytes: 1024 });
    const server = await serveNode(api);
    closers.push(server.close, () => api.close());
    const call = caller(server.url);
    const secret = '王芳-secret-name';
    const broken = await call('agent', 'POST', '/complaints', `{"complainant":{"name":"${secret}"},`);
    expect(broken.status).toBe(400);
    expect(broken.json.code).toBe('MALFORMED_JSON');
    expect(broken.text).not.toContain(secret);
    const form = await call('agent', 'POST', '/complaints', 'channel=phone', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.json.detail).toContain('Content-Type: application/json');
    const big = await call('agent', 'POST', '/complaints', intake({ summary: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ code: 'BODY_TOO_LARGE', details: { maxBytes: 1024 } });
    // Sent in chunks with no Content-Length: still refused once past the limit.
    const chunked = await fetch(`${server.url}/complaints`, {
      method: 'POST',
      headers: { authorization: 'Bearer agent', 'content-type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(' '.repeat(500)));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const anonymous = await call(undefined, 'POST', '/complaints', intake());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const badQuery = await call('agent', 'GET', '/complaints?limit=lots&colour=red');
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.detail).toMatch(/limit.*colour|colour.*limit/s);
    expect(await eventCount(engine)).toBe(0);
  });

  test('a failing authenticate hook is a 401, an invalid actor a 500, and neither body quotes what failed', async () => {
    const { api } = setUp({
      authenticate: () => {
        throw new TypeError('token eyJhbGciOi… of 王芳 failed');
      },
    });
    const refused = await direct(api)('agent', 'GET', '/complaints');
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('王芳');
    const { api: broken } = setUp({ authenticate: () => ({ id: 'not an id: 王芳', role: 'agent' }) });
    const answer = await direct(broken)('agent', 'GET', '/complaints');
    expect(answer.status).toBe(500);
    expect(answer.json.code).toBe('INTERNAL');
    expect(answer.text).not.toContain('王芳');
  });
});
