import { RedressError, isRedressError, type Complaint, type StoredEvent } from '@redress/core';
import { eventParser } from '@redress/core/store-kit';
import { openEvent, stateView, type Lens } from '../privacy/personalFields';
import type { Source } from '../source/source';
import { machineLegality } from '../verify/machineLegality';

/** A complaint's parsed events and the state the machine folds them into. */
export interface LoadedComplaint {
  readonly events: readonly StoredEvent[];
  readonly complaint: Complaint;
  /** The machine's state after each event (index = version − 1). */
  readonly states: readonly Complaint[];
  /** Each event's data as a report shows it: personal fields hidden, or revealed with `--reveal`. */
  readonly shown: readonly Readonly<Record<string, unknown>>[];
  /** The complaint's state as a report shows it. */
  readonly shownComplaint: Complaint;
  /** The personal values in clear that were hidden, to cut out of any other text of a report. */
  readonly hiddenValues: readonly string[];
}

/**
 * Read one complaint's events from the source and fold them through the
 * lifecycle machine, stopping after `until` says so. A damaged or illegal event
 * is a `TAMPERED` error that points at `redress verify`. Personal fields are
 * opened through the lens: hidden unless it reveals them (see `openEvent`).
 *
 * @example
 * const { complaint } = await loadComplaint(source, 'C-1', (e) => e.version <= 3);
 */
export const loadComplaint = async (
  source: Source,
  id: string,
  keep: (e: StoredEvent) => boolean = () => true,
  lens: Lens = { reveal: false },
): Promise<LoadedComplaint> => {
  const legal = machineLegality();
  const parser = eventParser();
  const events: StoredEvent[] = [];
  const states: Complaint[] = [];
  const shown: Readonly<Record<string, unknown>>[] = [];
  const hiddenValues: string[] = [];
  const view = stateView();
  let found = false;
  for await (const stream of source.streams({ streamId: id })) {
    found = true;
    for (const raw of stream.events) {
      if (raw.corrupt !== undefined)
        throw new RedressError(
          'TAMPERED',
          `${id} at ${raw.where} ${raw.corrupt}; run \`redress verify --complaint ${id}\``,
        );
      const opened = await openEvent(raw.value, lens);
      let event: StoredEvent;
      try {
        event = parser.parse(opened.forReplay);
      } catch (error) {
        if (!isRedressError(error)) throw error;
        throw new RedressError(
          'TAMPERED',
          `${id} at ${raw.where}: ${error.message}; run \`redress verify --complaint ${id}\``,
          isRedressError(error, 'TAMPERED') ? error.details : undefined,
        );
      }
      if (!keep(event)) break;
      const next = legal(states.at(-1), event);
      if (next === undefined) {
        throw new RedressError(
          'TAMPERED',
          `${id} v${event.version} (${event.type}) is not legal after stage "${states.at(-1)?.stage ?? 'new'}"; run \`redress verify --complaint ${id}\``,
        );
      }
      events.push(event);
      states.push(next);
      shown.push(opened.shown);
      hiddenValues.push(...opened.hiddenValues);
      view.add(event.type, opened);
    }
  }
  if (!found)
    throw new RedressError('NOT_FOUND', `No complaint ${id} in ${source.label}; check the id`, { complaintId: id });
  const complaint = states.at(-1);
  if (complaint === undefined)
    throw new RedressError('NOT_FOUND', `Complaint ${id} did not exist yet at that point`, { complaintId: id });
  return { events, complaint, states, shown, shownComplaint: view.apply(complaint), hiddenValues };
};
