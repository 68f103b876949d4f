import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { createEngine, memoryStore } from '@redress/core';
import { httpHandler } from '@redress/http';
import { describe, expect, test } from 'vitest';
import { expressApp, fastifyApp, honoApp, nextRoute } from './mounts';

const options = {
  engine: createEngine({ store: memoryStore() }),
  authenticate: () => ({ id: 'agent-7', role: 'agent' }),
};
const api = httpHandler({ ...options, basePath: '/api' });
const listed = async (base: string) => {
  const answer = await fetch(`${base}/api/complaints`);
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ items: [], nextCursor: null });
};

describe('the mounts of docs/http.md', () => {
  test('Hono, Fastify and Express answer the API on loopback; a Next.js route is the handler itself', async () => {
    const hono = serve({ fetch: honoApp(api).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => hono.once('listening', r));
    await listed(`http://127.0.0.1:${(hono.address() as AddressInfo).port}`);
    hono.close();
    const fastify = fastifyApp(api);
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    await listed(`http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`);
    await fastify.close();
    const server = createServer(expressApp(api));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await listed(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.close();
    const next = nextRoute(options);
    expect((await next.GET(new Request('http://localhost/api/complaints'))).status).toBe(200);
  });
});
