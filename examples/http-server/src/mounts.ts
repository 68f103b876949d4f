import { httpHandler, nodeListener, type HttpHandler } from '@redress/http';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';

/** Hono: hand the raw Request on. */
export const honoApp = (api: HttpHandler) => {
  const app = new Hono();
  app.all('/api/*', (c) => api.fetch(c.req.raw));
  return app; // serve(app) with @hono/node-server, or export default app on Bun, Deno, Workers
};

/** Fastify: let the handler read the body (its limit, its problems), on the raw request and reply. */
export const fastifyApp = (api: HttpHandler) => {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const listener = nodeListener(api);
  app.all('/api/*', (request, reply) => {
    reply.hijack();
    listener(request.raw, reply.raw);
  });
  return app;
};

/** Express: mounted as middleware, with no body parser in front of it. */
export const expressApp = (api: HttpHandler) => express().use('/api', nodeListener(api));

/** Next.js (app router), in app/api/[...path]/route.ts: the handler is the route. */
export const nextRoute = (options: Parameters<typeof httpHandler>[0]) => {
  const api = httpHandler({ ...options, basePath: '/api' });
  return { GET: api.fetch, POST: api.fetch };
};
