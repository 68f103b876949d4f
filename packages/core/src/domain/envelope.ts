import type { Actor } from './roles';
import type { EventData, EventType } from './events';

/**
 * An event as it is recorded: the domain event with its envelope. Everything here
 * but `hash` goes into the hash, so the chain covers who, when, why and what.
 */
export interface RecordedEvent<T extends EventType = EventType> {
  readonly id: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: T;
  readonly schemaVersion: number;
  readonly data: EventData<T>;
  readonly actor: Actor;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly commandId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

/** A recorded event as a store returns it, with its place in the global order. */
export interface StoredEvent<T extends EventType = EventType> extends RecordedEvent<T> {
  readonly position: number;
}

/**
 * Narrow an event to one type.
 *
 * @example
 * if (isEventOf(event, 'NoteAdded')) console.log(event.data.text);
 */
export const isEventOf = <T extends EventType>(event: RecordedEvent, type: T): event is RecordedEvent<T> =>
  event.type === type;
