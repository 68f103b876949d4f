import type { Complaint } from './complaint';
import type { RecordedEvent } from './envelope';
import type { EventType } from './events';
import { applyEvent } from './applyEvent';
import { guardPasses, guards, type GuardName } from './guards';
import { complaintMachine } from './machine';
import { STAGES, type Stage } from './stages';
import { RedressError } from '../errors/redressError';

/** A stage, or `new` for a complaint that has no events yet. */
export type LifecycleStage = Stage | 'new';

/** One way an event type can go from a stage: an optional guard and the stage it leads to. */
export interface TableEntry {
  readonly guard: GuardName | undefined;
  readonly target: Stage;
}

/** The lifecycle as a lookup table: stage → event type → guarded targets. */
export type TransitionTable = Readonly<
  Record<LifecycleStage, Readonly<Partial<Record<EventType, readonly TableEntry[]>>>>
>;

const isGuardName = (name: string): name is GuardName => Object.hasOwn(guards, name);

const guardNameOf = (guard: unknown): GuardName | undefined => {
  if (guard === undefined) return undefined;
  const name = typeof guard === 'string' ? guard : (guard as { type?: unknown }).type;
  if (typeof name !== 'string' || !isGuardName(name)) {
    throw new RedressError(
      'VALIDATION',
      `The lifecycle uses a guard the table cannot evaluate: ${JSON.stringify(guard)}; name one of the guards in \`guards\` (${Object.keys(guards).join(', ')})`,
    );
  }
  return name;
};

/**
 * What `deriveTransitionTable` reads of a machine: its states and their
 * transitions, as XState's `StateMachine` has them. Written out here so that
 * the table's types do not carry XState's (see `@redress/core/machine`).
 */
export interface LifecycleMachine {
  readonly root: {
    readonly states: Readonly<
      Record<
        string,
        {
          readonly transitions: ReadonlyMap<
            string,
            readonly { readonly guard?: unknown; readonly target?: readonly { readonly key: string }[] | undefined }[]
          >;
        }
      >
    >;
  };
}

/**
 * Read the machine's state nodes once and build a plain lookup table
 * stage → event type → guarded targets, so that replay pays a property lookup
 * and a guard call per event instead of a full XState `transition()`.
 *
 * @example
 * const table = deriveTransitionTable(complaintMachine);
 * table.received.ComplaintAccepted; // [{ guard: undefined, target: 'judged' }]
 */
export const deriveTransitionTable = (machine: LifecycleMachine = complaintMachine): TransitionTable => {
  const table: Record<string, Partial<Record<EventType, TableEntry[]>>> = {};
  for (const [key, node] of Object.entries(machine.root.states)) {
    const row: Partial<Record<EventType, TableEntry[]>> = {};
    for (const [eventType, definitions] of node.transitions) {
      row[eventType as EventType] = definitions.map((d) => ({
        guard: guardNameOf(d.guard),
        target: (d.target?.[0]?.key ?? key) as Stage,
      }));
    }
    table[key] = row;
  }
  for (const stage of ['new', ...STAGES]) {
    if (!(stage in table))
      throw new RedressError(
        'VALIDATION',
        `The lifecycle machine has no state "${stage}"; it needs one for each of: new, ${STAGES.join(', ')}`,
      );
  }
  return table as unknown as TransitionTable;
};

/**
 * The table of the built-in lifecycle.
 *
 * @example
 * Object.keys(transitionTable.judged); // the event types possible in `judged`
 */
export const transitionTable: TransitionTable = deriveTransitionTable();

/**
 * The transition `event` takes from `c`, or `undefined` if the lifecycle does not allow it.
 *
 * @example
 * findTransition(complaint, event)?.target; // e.g. 'investigated'
 */
export const findTransition = (
  c: Complaint | undefined,
  event: RecordedEvent,
  table: TransitionTable = transitionTable,
): TableEntry | undefined => {
  const entries = table[c?.stage ?? 'new'][event.type];
  if (entries === undefined) return undefined;
  for (const entry of entries) {
    if (entry.guard === undefined || (c !== undefined && guardPasses(entry.guard, c, event))) return entry;
  }
  return undefined;
};

/**
 * Fold one event into the complaint through the table. Returns `undefined` if the
 * lifecycle does not allow the event here.
 *
 * @example
 * let c: Complaint | undefined;
 * for (const e of events) c = step(c, e);
 */
export const step = (
  c: Complaint | undefined,
  event: RecordedEvent,
  table: TransitionTable = transitionTable,
): Complaint | undefined => {
  const entry = findTransition(c, event, table);
  return entry === undefined ? undefined : applyEvent(c, event, entry.target);
};

/**
 * Why the lifecycle refuses `event` for `c`: the explanation of the guard that
 * failed, or `undefined` when the stage has no such transition at all.
 *
 * @example
 * if (step(complaint, event) === undefined) console.log(whyNot(complaint, event) ?? 'not possible in this stage');
 */
export const whyNot = (
  c: Complaint | undefined,
  event: RecordedEvent,
  table: TransitionTable = transitionTable,
): string | undefined => {
  if (c === undefined) return undefined;
  const entries = table[c.stage][event.type] ?? [];
  const guarded =
    entries.find((e) => e.guard !== undefined && guards[e.guard].state(c)) ??
    entries.find((e) => e.guard !== undefined);
  return guarded?.guard === undefined ? undefined : guards[guarded.guard].explain(c, event);
};
