import { EVENT_TYPES } from '@redress/core';
import { EventSource } from 'eventsource';
import { afterEach, describe, expect, test } from 'vitest';
import { caller, intake, serveNode, setUp, type Who } from './fixtures';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Wait until `ok()` holds (the stream delivers in its own time); fail after 20 s. */
const until = async (ok: () => boolean, what: string) => {
  const end = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

interface Received {
  readonly id: string;
  readonly type: string;
  readonly data: { streamId: string; version: number; data: Record<string, unknown> };
}

/** A real EventSource client over loopback, signed in as `who`, keeping every event it gets. */
const subscribe = (url: string, who: Who) => {
  const got: Received[] = [];
  const opened: string[] = [];
  const source = new EventSource(`${url}/events`, {
    fetch: (input, init) => {
      opened.push(new Headers(init?.headers).get('last-event-id') ?? '');
      return fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${who}` } });
    },
  });
  for (const type of EVENT_TYPES)
    source.addEventListener(type, (e) => got.push({ id: e.lastEventId, type: e.type, data: JSON.parse(e.data) }));
  closers.push(() => source.close());
  return { got, opened, source };
};

describe('live updates: Server-Sent Events of committed events', () => {
  test('a department sees its complaints’ events, without personal data, and resumes after a cut with Last-Event-ID', async () => {
    const { api } = setUp({ events: { pollMs: 20 } });
    const server = await serveNode(api);
    closers.push(() => api.close(), server.close);
    const call = caller(server.url);
    const ours = (await call('agent', 'POST', '/complaints', intake({ complainant: { name: '王芳 SSE' } }))).json
      .complaintId;
    const theirs = (await call('agent', 'POST', '/complaints', intake())).json.complaintId;
    await call('handler', 'POST', `/complaints/${ours}/commands/accept`, {
      department: 'quality-control',
      priority: 'high',
    });
    await call('handler', 'POST', `/complaints/${theirs}/commands/accept`, { department: 'service', priority: 'low' });

    const streams = new Set<import('node:net').Socket>();
    server.server.on('request', (req) => {
      if (req.url?.startsWith('/events')) streams.add(req.socket);
    });
    const qc = subscribe(server.url, 'qc');
    const supervisor = subscribe(server.url, 'supervisor');
    await until(() => qc.got.length >= 3 && supervisor.got.length >= 6, 'the first events');
    expect(qc.got.map((e) => [e.data.streamId, e.type])).toEqual([
      [ours, 'ComplaintReceived'],
      [ours, 'ComplaintAcknowledged'],
      [ours, 'ComplaintAccepted'],
    ]);
    expect(supervisor.got.map((e) => e.data.streamId).filter((s) => s === theirs)).toHaveLength(3);
    expect(qc.got[0]?.data.data.complainant).toEqual({ name: { hidden: true } });
    expect(qc.got[0]?.data.data.summary).toEqual({ hidden: true });
    expect(JSON.stringify(supervisor.got)).not.toContain('王芳');

    // Cut the streams' connections: the client comes back with the last id it saw and misses nothing.
    const lastSeen = qc.got.at(-1)?.id as string;
    for (const socket of streams) socket.destroy();
    await call('qc', 'POST', `/complaints/${ours}/commands/addNote`, { text: 'Seal ordered' });
    await call('handler', 'POST', `/complaints/${theirs}/commands/addNote`, { text: 'Not for qc' });
    await until(() => qc.got.length >= 4, 'the event after the cut');
    expect(qc.opened.at(-1)).toBe(lastSeen);
    expect(qc.got.map((e) => e.type)).toEqual([
      'ComplaintReceived',
      'ComplaintAcknowledged',
      'ComplaintAccepted',
      'NoteAdded',
    ]);
    const ids = qc.got.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('without a signed-in actor there is no stream; a bad Last-Event-ID is a problem', async () => {
    const { api } = setUp();
    const server = await serveNode(api);
    closers.push(() => api.close(), server.close);
    const call = caller(server.url);
    expect((await call(undefined, 'GET', '/events')).status).toBe(401);
    const bad = await call('agent', 'GET', '/events', undefined, { 'last-event-id': 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('BAD_REQUEST');
  });
});
