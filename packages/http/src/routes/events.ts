import type { Actor, StoredEvent } from '@redress/core';
import { hideEvent } from '../personalData';
import { HttpProblem } from '../problem';
import type { Route } from '../route';
import { eventSchema, eventsQuerySchema } from '../schemas';
import type { Services } from '../services';
import { READ_PROBLEMS } from './complaint';

const encoder = new TextEncoder();

/** Where a stream starts: after `Last-Event-ID` (a reconnecting client), else after `?after=`, else from the first event. */
const startOf = (request: Request, after: string | undefined): number => {
  const last = request.headers.get('last-event-id');
  if (last !== null && last.trim() !== '') {
    if (!/^\d{1,15}$/.test(last.trim()))
      throw new HttpProblem('BAD_REQUEST', 'Last-Event-ID must be an event position this stream sent, such as 42', {
        header: 'Last-Event-ID',
      });
    return Number(last.trim());
  }
  return after === undefined ? 0 : Number(after);
};

/** One Server-Sent Event: the global position as its id, the event type as its name, the hidden event as data. */
const frame = (e: StoredEvent) => encoder.encode(`id: ${e.position}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);

/**
 * The live stream of committed events for one actor: read from the store's
 * global order (`readAll`) after a position, filtered to the complaints the
 * actor may see, personal data hidden, then polled for more. Pulled by the
 * client: nothing is read ahead of what the connection takes.
 */
const liveEvents = (s: Services, actor: Actor, from: number, signal: AbortSignal): ReadableStream<Uint8Array> => {
  const { engine, privacyPolicy, pollMs, heartbeatMs, batchSize } = s.settings;
  let position = from;
  let closed = false;
  let wake: (() => void) | undefined;
  let idleSince = Date.now();
  const stop = () => {
    closed = true;
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  const visible = async (e: StoredEvent) => {
    if (s.list.position < e.position) await s.list.catchUp();
    return s.maySee(actor, s.list.state.get(e.streamId)?.department);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        s.streams.add(stop);
        signal.addEventListener('abort', stop, { once: true });
        // Tell the client how long to wait before reconnecting, and open the stream at once.
        controller.enqueue(encoder.encode(`retry: ${Math.max(1000, pollMs)}\n: stream after ${position}\n\n`));
      },
      async pull(controller) {
        while (!closed) {
          const batch: StoredEvent[] = [];
          for await (const e of engine.store.readAll({ after: position, limit: batchSize })) batch.push(e);
          let sent = 0;
          for (const e of batch) {
            position = e.position;
            if (!(await visible(e))) continue;
            controller.enqueue(frame(hideEvent(e, privacyPolicy)));
            sent++;
          }
          if (sent > 0) {
            idleSince = Date.now();
            return;
          }
          if (batch.length === batchSize) continue;
          if (Date.now() - idleSince >= heartbeatMs) {
            idleSince = Date.now();
            controller.enqueue(encoder.encode(': keep-alive\n\n'));
            return;
          }
          await sleep(pollMs);
        }
        s.streams.delete(stop);
        controller.close();
      },
      cancel() {
        stop();
        s.streams.delete(stop);
      },
    },
    { highWaterMark: 0 },
  );
};

/** `GET /events`: Server-Sent Events of committed events. */
export const eventRoutes = (s: Services): Route[] => [
  {
    method: 'get',
    path: '/events',
    operationId: 'streamEvents',
    summary: 'Live updates: committed events as Server-Sent Events, resumable with Last-Event-ID',
    description:
      'Each event\'s id is its global position; a reconnecting client sends Last-Event-ID and the stream goes on after it. Only complaints the actor may see; personal fields read { "hidden": true }.',
    tags: ['events'],
    query: eventsQuerySchema,
    headers: ['Last-Event-ID'],
    responses: {
      200: {
        description: 'text/event-stream; each data line is one event',
        schema: eventSchema,
        contentType: 'text/event-stream',
      },
      ...READ_PROBLEMS,
    },
    async handle({ request, query, actor }) {
      const from = startOf(request, query.after);
      return new Response(liveEvents(s, actor, from, request.signal), {
        status: 200,
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-accel-buffering': 'no',
        },
      });
    },
  },
];
