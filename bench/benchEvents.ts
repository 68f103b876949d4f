/**
 * The events the store benchmarks write: a ComplaintReceived, then notes,
 * hash-chained and shaped as the engine builds them.
 */
import { GENESIS_HASH, hashEvent, type RecordedEvent } from '@redress/core';

export const TEXT = '客户反馈已记录，等待质检部门回复';

/** Event `version` of `streamId`, after the event whose hash is `prevHash`. */
export const benchEvent = (
  id: string,
  streamId: string,
  version: number,
  prevHash: string,
  occurredAt: string,
): RecordedEvent => {
  const unhashed = {
    id,
    streamId,
    version,
    schemaVersion: 1,
    occurredAt,
    prevHash,
    ...(version === 1
      ? {
          type: 'ComplaintReceived',
          data: { channel: 'web', category: 'service', complainant: { name: '王芳' }, summary: TEXT },
        }
      : { type: 'NoteAdded', data: { text: `note ${version}: ${TEXT}` } }),
    actor: { id: 'agent-7', role: 'agent' },
    correlationId: `K-${streamId}`,
    causationId: null,
    commandId: null,
  } as Omit<RecordedEvent, 'hash'>;
  return { ...unhashed, hash: hashEvent(unhashed) } as RecordedEvent;
};

/** A hash-chained stream of `count` events. */
export const chain = (streamId: string, count: number): RecordedEvent[] => {
  const out: RecordedEvent[] = [];
  let prevHash = GENESIS_HASH;
  const occurredAt = new Date().toISOString();
  for (let v = 1; v <= count; v++) {
    const event = benchEvent(`E-${streamId}-${v}`, streamId, v, prevHash, occurredAt);
    prevHash = event.hash;
    out.push(event);
  }
  return out;
};
