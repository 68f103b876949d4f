import { type EventPublisher, RedressError, type StoredEvent, shownText } from '@redress/core';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type PubAck,
} from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { ensureStream } from './ensureStream';
import { subjectOf, subjectToken, tenantSubjects } from './subjects';

/** The header that carries an event's global position, so the sink can tell where the stream stands. */
export const POSITION_HEADER = 'Redress-Position';

/**
 * A NATS connection you own, as `connect` from `@nats-io/transport-node` returns
 * it. It is typed by the members the sink checks, not as NATS's own
 * `NatsConnection`, so that these declarations never bring NATS's into your
 * program: those do not compile under `exactOptionalPropertyTypes` with
 * `skipLibCheck: false`.
 *
 * @example
 * const connection: NatsConnectionLike = await connect({ servers: 'nats://127.0.0.1:4222' });
 */
export interface NatsConnectionLike {
  isClosed(): boolean;
  getServer(): string;
  drain(): Promise<void>;
}

/**
 * Options of {@link natsPublisher}.
 *
 * @example
 * const options: NatsPublisherOptions = { servers: 'nats://127.0.0.1:4222', tenant: 'acme-bank', duplicateWindowMs: 600_000 };
 */
export interface NatsPublisherOptions {
  /** A connection you own: the sink never closes it. Give this or `servers`. */
  readonly connection?: NatsConnectionLike;
  /** Servers for the sink's own connection (made on first use, reconnecting forever, closed by `close()`). Default `nats://127.0.0.1:4222`. */
  readonly servers?: string | readonly string[];
  /** The tenant: subjects are `redress.<tenant>.<event type>`. One NATS subject token. Default `default`. */
  readonly tenant?: string;
  /** The JetStream stream, made if missing with subjects `redress.<tenant>.>`. Default `redress-<tenant>`. */
  readonly stream?: string;
  /** JetStream drops a message whose `Nats-Msg-Id` (the event id) it saw within this window. Default 10 minutes. */
  readonly duplicateWindowMs?: number;
  /** The stream's storage when the sink makes it. Default `file`. */
  readonly storage?: 'file' | 'memory';
  /** How long to wait for each message's acknowledgement. Default 10 s. */
  readonly ackTimeoutMs?: number;
}

/** What the stream holds at its end: the last event's position and the stream's last sequence. */
interface StreamEnd {
  /** The position of the last event in the stream; -1 when unknown (the stream's messages are gone). */
  readonly position: number;
  readonly seq: number;
}

const wholeAtLeast1 = (option: string, value: number) => {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RedressError(
      'VALIDATION',
      `natsPublisher option ${option} must be a whole number of ms ≥ 1, got ${shownText(String(value))}`,
      { option },
    );
  return value;
};

const checkOptions = (options: NatsPublisherOptions) => {
  if (options.connection !== undefined && options.servers !== undefined)
    throw new RedressError('VALIDATION', 'natsPublisher takes connection or servers, not both', {
      option: 'connection',
    });
  const connection: unknown = options.connection;
  if (
    connection !== undefined &&
    (typeof connection !== 'object' ||
      connection === null ||
      !['isClosed', 'getServer', 'drain'].every(
        (member) => typeof (connection as Record<string, unknown>)[member] === 'function',
      ))
  )
    throw new RedressError(
      'VALIDATION',
      'natsPublisher option connection must be a NATS connection, as connect from @nats-io/transport-node returns it',
      { option: 'connection' },
    );
  const tenant = subjectToken('tenant', options.tenant ?? 'default');
  const stream = subjectToken('stream', options.stream ?? `redress-${tenant}`);
  const storage = options.storage ?? 'file';
  if (storage !== 'file' && storage !== 'memory')
    throw new RedressError('VALIDATION', `natsPublisher option storage must be "file" or "memory"`, {
      option: 'storage',
      allowed: ['file', 'memory'],
    });
  return {
    tenant,
    stream,
    storage,
    duplicateWindowMs: wholeAtLeast1('duplicateWindowMs', options.duplicateWindowMs ?? 600_000),
    ackTimeoutMs: wholeAtLeast1('ackTimeoutMs', options.ackTimeoutMs ?? 10_000),
  } as const;
};

const encoder = new TextEncoder();

/**
 * A sink of the core `publisher` that publishes each event to NATS JetStream:
 * subject `redress.<tenant>.<event type>`, header `Nats-Msg-Id` = the event
 * id (so JetStream drops a re-sent event within its duplicate window), payload
 * the event as stored, as JSON (personal fields stay ciphertext; the sink
 * never holds keys). It makes the stream if missing. A batch goes out
 * pipelined, each message expecting the stream's last sequence to be the one
 * before it, so that no message is stored after one that was lost: the stream
 * keeps the global order even across a broker restart. After a failure it
 * reads the stream's end again and skips what the stream already holds.
 *
 * @example
 * import { publisher } from '@redress/core';
 * import { natsPublisher } from '@redress/publish-nats';
 * const p = publisher({ store, sink: natsPublisher({ servers: 'nats://127.0.0.1:4222', tenant: 'acme-bank' }), name: 'nats' });
 * p.start();
 */
export const natsPublisher = (options: NatsPublisherOptions = {}): EventPublisher & { readonly stream: string } => {
  const settings = checkOptions(options);
  const { tenant, stream, ackTimeoutMs } = settings;
  let opened: Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }> | undefined;
  let end: StreamEnd | undefined;

  const open = () => {
    opened ??= (async () => {
      const nc =
        // Checked to be a connection by checkOptions; its full type is NATS's own.
        (options.connection as NatsConnection | undefined) ??
        (await connect({
          servers:
            typeof options.servers === 'string' ? options.servers : [...(options.servers ?? ['nats://127.0.0.1:4222'])],
          maxReconnectAttempts: -1,
          reconnectTimeWait: 250,
          name: `redress-publisher-${tenant}`,
        }));
      const jsm = await jetstreamManager(nc);
      await ensureStream(jsm, { name: stream, subjects: tenantSubjects(tenant), ...settings });
      return { nc, js: jetstream(nc), jsm };
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };

  /** Where the stream ends: its last sequence and the position of the event stored there. */
  const readEnd = async (jsm: JetStreamManager): Promise<StreamEnd> => {
    const { state } = await jsm.streams.info(stream);
    if (state.last_seq === 0) return { position: 0, seq: 0 };
    const last = state.messages === 0 ? null : await jsm.streams.getMessage(stream, { seq: state.last_seq });
    if (last === null) return { position: -1, seq: state.last_seq };
    const position = Number(last.header?.get(POSITION_HEADER));
    if (!Number.isSafeInteger(position) || position < 1)
      throw new RedressError(
        'VALIDATION',
        `NATS stream ${shownText(stream)} ends with a message that has no ${POSITION_HEADER} header (sequence ${state.last_seq}, subject ${shownText(last.subject)}): something else publishes to ${shownText(tenantSubjects(tenant))}. Give the publisher a stream of its own`,
        { option: 'stream' },
      );
    return { position, seq: state.last_seq };
  };

  const publishOne = (
    js: JetStreamClient,
    event: StoredEvent,
    subject: string,
    lastSequence: number,
  ): Promise<PubAck> => {
    const h = headers();
    h.set(POSITION_HEADER, String(event.position));
    return js.publish(subject, encoder.encode(JSON.stringify(event)), {
      msgID: event.id,
      headers: h,
      expect: { lastSequence },
      timeout: ackTimeoutMs,
    });
  };

  return {
    name: `nats ${stream}`,
    stream,
    async publish(events) {
      const { js, jsm } = await open();
      end ??= await readEnd(jsm);
      const from = end;
      // Events the stream holds already (acknowledged before a crash, the checkpoint not yet moved) are not sent again.
      const todo = events.filter((e) => e.position > from.position);
      // Every subject first: an event whose type is no subject token stops the batch before anything is sent.
      const subjects = todo.map((e) => subjectOf(tenant, e.type));
      const send = (e: StoredEvent, i: number) => publishOne(js, e, subjects[i] as string, from.seq + i);
      // The first message alone: when another instance published since this sink read the stream's end (its
      // lease ran out and came back), the stream refuses it and nothing else goes out. Pipelined, a later
      // message whose expected sequence happened to be the stream's last would be stored out of turn, and the
      // events between lost.
      const head = await Promise.allSettled(todo.slice(0, 1).map(send));
      const taken = head[0]?.status === 'fulfilled' && !head[0].value.duplicate;
      const rest = taken ? await Promise.allSettled(todo.slice(1).map((e, i) => send(e, i + 1))) : [];
      const outcomes = [...head, ...rest];
      let at: StreamEnd = from;
      for (const [i, outcome] of outcomes.entries()) {
        const event = todo[i] as StoredEvent;
        if (outcome.status === 'rejected' || outcome.value.duplicate) {
          // Read the stream's end again before the next attempt.
          end = undefined;
          const why =
            outcome.status === 'rejected'
              ? outcome.reason instanceof Error
                ? outcome.reason.message
                : String(outcome.reason)
              : 'the stream already held its id, out of turn';
          throw new Error(
            `NATS JetStream did not take event ${shownText(event.id)} (position ${event.position}, subject ${shownText(subjects[i] as string)}) into stream ${shownText(stream)}: ${shownText(why)}; the publisher sends it again`,
            { cause: outcome.status === 'rejected' ? outcome.reason : undefined },
          );
        }
        at = { position: event.position, seq: outcome.value.seq };
      }
      end = at;
    },
    async close() {
      const made = opened;
      opened = undefined;
      end = undefined;
      if (made === undefined || options.connection !== undefined) return;
      const { nc } = await made.catch(() => ({ nc: undefined }));
      await nc?.drain().catch(() => nc.close());
    },
  };
};
