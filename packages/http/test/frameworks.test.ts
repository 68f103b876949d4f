import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { nodeListener } from '@redress/http';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterEach, describe, expect, test } from 'vitest';
import { caller, intake, listen, setUp } from './fixtures';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The same way through the API, on whatever server it is mounted in at `base` + `/api`. */
const walkThrough = async (base: string) => {
  const call = caller(`${base}/api`);
  const created = await call('agent', 'POST', '/complaints', intake(), { 'idempotency-key': 'web-form-1' });
  expect(created.status).toBe(201);
  const id = created.json.complaintId as string;
  expect(created.headers.get('location')).toBe(`/api/complaints/${id}`);
  expect(created.headers.get('etag')).toBe('"2"');

  const accepted = await call(
    'handler',
    'POST',
    `/complaints/${id}/commands/accept`,
    { department: 'quality-control', priority: 'high' },
    { 'if-match': '"2"' },
  );
  expect(accepted.status).toBe(200);
  expect(accepted.json).toMatchObject({ stage: 'judged', version: 3 });

  const stale = await call(
    'handler',
    'POST',
    `/complaints/${id}/commands/addNote`,
    { text: 'x' },
    { 'if-match': '"2"' },
  );
  expect(stale.status).toBe(412);
  expect(stale.headers.get('content-type')).toBe('application/problem+json');

  const got = await call('qc', 'GET', `/complaints/${id}`);
  expect(got.json).toMatchObject({ id, stage: 'judged', department: 'quality-control' });
  expect(got.json.complainant.name).toEqual({ hidden: true });
  const allowed = await call('qc', 'GET', `/complaints/${id}/allowed-commands`);
  expect(allowed.json.allowed).toContain('recordInvestigation');
  const list = await call('agent', 'GET', '/complaints?status=open');
  expect(list.json.items.map((r: { id: string }) => r.id)).toEqual([id]);
  const missing = await call('agent', 'GET', '/nowhere');
  expect(missing.status).toBe(404);
  expect(missing.json.code).toBe('ROUTE_NOT_FOUND');
};

describe('the handler mounted in frameworks, on real servers on loopback', () => {
  test('Hono: app.all("/api/*") handing the raw Request on', async () => {
    const { api } = setUp({ basePath: '/api' });
    const app = new Hono();
    app.get('/', (c) => c.text('the app itself'));
    app.all('/api/*', (c) => api.fetch(c.req.raw));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(
      () => new Promise<void>((resolve) => server.close(() => resolve())),
      () => api.close(),
    );
    await walkThrough(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  test('Fastify: the raw request and reply through nodeListener, its body left unread', async () => {
    const { api } = setUp({ basePath: '/api' });
    const app = Fastify();
    // Fastify would parse bodies itself: the handler reads them, with its own limit and problems.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const listener = nodeListener(api);
    app.all('/api/*', (request, reply) => {
      reply.hijack();
      listener(request.raw, reply.raw);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(
      () => app.close(),
      () => api.close(),
    );
    await walkThrough(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  });

  test('Express: app.use("/api", nodeListener(api))', async () => {
    const { api } = setUp({ basePath: '/api' });
    const app = express();
    app.use('/api', nodeListener(api));
    const server = await listen(app);
    closers.push(server.close, () => api.close());
    await walkThrough(server.url);
  });

  test('node:http: createServer(nodeListener(api)), the base path given to the adapter', async () => {
    const { api } = setUp({ basePath: '/api' });
    const server = await listen((req, res) => {
      if (!req.url?.startsWith('/api/')) return void res.writeHead(404).end();
      req.url = req.url.slice('/api'.length);
      nodeListener(api, { basePath: '/api' })(req, res);
    });
    closers.push(server.close, () => api.close());
    await walkThrough(server.url);
  });
});
