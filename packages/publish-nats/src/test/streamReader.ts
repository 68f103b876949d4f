import type { StoredEvent } from '@redress/core';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

const decoder = new TextDecoder();

/**
 * Every message of a stream, in stream order, as the raw bytes and the parsed event: what a consumer of
 * the stream alone sees. Reads by sequence, which needs no consumer on the server.
 */
export const readStream = async (
  nc: NatsConnection,
  stream: string,
): Promise<{ events: StoredEvent[]; raw: string[]; subjects: string[]; ids: string[] }> => {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream).catch(() => undefined);
  const out = { events: [] as StoredEvent[], raw: [] as string[], subjects: [] as string[], ids: [] as string[] };
  if (info === undefined) return out;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m === null) continue;
    const text = decoder.decode(m.data);
    out.raw.push(text);
    out.events.push(JSON.parse(text) as StoredEvent);
    out.subjects.push(m.subject);
    out.ids.push(m.header.get('Nats-Msg-Id'));
  }
  return out;
};

/** A stream name no other test uses. */
export const freshStream = () => `redress-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
