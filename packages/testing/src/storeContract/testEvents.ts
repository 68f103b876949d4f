import { GENESIS_HASH, hashEvent, type Actor, type DomainEvent, type RecordedEvent } from '@redress/core';

/** Where a batch of test events continues from: the last event already in the stream. */
export interface TestEventOptions {
  /** The last event already in the stream; the new ones follow its version and hash. */
  readonly after?: RecordedEvent | undefined;
  /** The text of each note (event `i` of the batch). Default: `note i`. */
  readonly note?: (i: number) => string;
  /** Schema version to stamp on every event. Default 1. */
  readonly schemaVersion?: number;
  readonly actor?: Actor;
  /** The time on every event (ISO). Default: now. */
  readonly occurredAt?: string;
}

let counter = 0;

/**
 * Hash-chained events for one stream, built the way the engine builds them: a
 * `ComplaintReceived` first (when the stream is new), then `NoteAdded` events, so
 * the log is also legal for the lifecycle and passes `verifyEvents`.
 *
 * @example
 * const first = testEvents('C-1', 2);
 * await store.append('C-1', first, { expectedVersion: 0 });
 * const more = testEvents('C-1', 3, { after: first.at(-1) });
 * await store.append('C-1', more, { expectedVersion: 2 });
 */
export const testEvents = (streamId: string, count: number, options: TestEventOptions = {}): RecordedEvent[] => {
  const note = options.note ?? ((i: number) => `note ${i}`);
  const actor = options.actor ?? { id: 'agent-1', role: 'agent' };
  const occurredAt = options.occurredAt ?? new Date().toISOString();
  let prevHash = options.after?.hash ?? GENESIS_HASH;
  let version = options.after?.version ?? 0;
  const out: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const draft: DomainEvent =
      version === 0
        ? {
            type: 'ComplaintReceived',
            data: { channel: 'phone', category: 'quality', complainant: { name: '王芳' }, summary: note(i) },
          }
        : { type: 'NoteAdded', data: { text: note(i) } };
    const id = `E-${process.pid}-${++counter}`;
    const unhashed = {
      id,
      streamId,
      version: ++version,
      type: draft.type,
      schemaVersion: options.schemaVersion ?? 1,
      data: draft.data,
      actor,
      occurredAt,
      correlationId: out[0]?.id ?? id,
      causationId: null,
      commandId: null,
      prevHash,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) } as RecordedEvent;
    prevHash = event.hash;
    out.push(event);
  }
  return out;
};

/**
 * A stream id nobody else uses, so tests can share a store.
 *
 * @example
 * const id = uniqueStreamId('order'); // 'order-1a2b3c-7'
 */
export const uniqueStreamId = (prefix = 'C'): string =>
  `${prefix}-${process.pid.toString(36)}${Date.now().toString(36)}-${++counter}`;
