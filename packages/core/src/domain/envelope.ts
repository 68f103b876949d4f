import type { Actor } from './roles';
import type { EventData, EventType } from './events';

/** What every recorded event carries besides its type and data. */
interface Envelope {
  readonly id: string;
  readonly streamId: string;
  readonly version: number;
  readonly schemaVersion: number;
  readonly actor: Actor;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly commandId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

/** A recorded event of exactly one type `T`. */
interface RecordedEventOf<T extends EventType> extends Envelope {
  readonly type: T;
  readonly data: EventData<T>;
}

/**
 * An event as it is recorded: the domain event with its envelope. Everything here
 * but `hash` goes into the hash, so the chain covers who, when, why and what.
 *
 * A union discriminated by `type`: checking `event.type` narrows `event.data`.
 *
 * @example
 * if (event.type === 'NoteAdded') console.log(event.data.text);
 */
export type RecordedEvent<T extends EventType = EventType> = { readonly [K in T]: RecordedEventOf<K> }[T];

/**
 * A recorded event as a store returns it, with its place in the global order.
 *
 * @example
 * for await (const e of store.readAll()) console.log(e.position, e.type);
 */
export type StoredEvent<T extends EventType = EventType> = {
  readonly [K in T]: RecordedEventOf<K> & { readonly position: number };
}[T];

/**
 * Narrow an event to one type.
 *
 * @example
 * if (isEventOf(event, 'NoteAdded')) console.log(event.data.text);
 */
export const isEventOf = <E extends RecordedEvent, T extends E['type']>(
  event: E,
  type: T,
): event is Extract<E, { readonly type: T }> => event.type === type;
