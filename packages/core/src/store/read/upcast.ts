import type { EventType } from '../../domain/events';
import { RedressError } from '../../errors/redressError';

/** Lifts an event's data from schema version `n` to `n + 1`. */
export type Upcaster = (data: unknown) => unknown;
/** Upcasters by event type and by the version they lift from. */
export type Upcasters = Partial<Record<EventType, Readonly<Record<number, Upcaster>>>>;

/** What upcasting reads of an event: its type and schema version, and where it sits (to name it). */
interface Lifted {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * An event's data lifted from the schema version it was stored in to `current`,
 * one version at a time, by the upcasters of its type. A version no upcaster
 * lifts from is `TAMPERED`: the data cannot be read as this Redress knows it.
 * The result is not checked here: it goes to the type's schema next.
 *
 * @example
 * const upcasters = { NoteAdded: { 1: (data) => ({ text: (data as { note: string }).note }) } };
 * upcast({ streamId: 'C-1', version: 2, type: 'NoteAdded', schemaVersion: 1, data: { note: 'hi' } }, 2, upcasters); // { text: 'hi' }
 */
export const upcast = (e: Lifted, current: number, upcasters: Upcasters | undefined): unknown => {
  let data = e.data;
  for (let v = e.schemaVersion; v < current; v++) {
    const lift = upcasters?.[e.type as EventType]?.[v];
    if (lift === undefined) {
      throw new RedressError(
        'TAMPERED',
        `Stored event ${e.streamId} v${e.version} has schema version ${v} and no upcaster lifts ${e.type} from it`,
        {
          streamId: e.streamId,
          version: e.version,
        },
      );
    }
    data = lift(data);
  }
  return data;
};
