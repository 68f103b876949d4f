/**
 * Deadline and read-model figures:
 * - `tick.100k`: one `engine.tick` over 100,000 open complaints when 1% are due
 *   (baseline: scanning every open complaint for due deadlines, without appending);
 * - `tick.100k.0.1pct`: the same with 0.1% due (baseline: the 1% tick), to show
 *   that a tick scales with the due complaints, not the open ones;
 * - `catchup.memory`: complaint list + statistics projections catching up on the
 *   memory store: log events per second with both brought up to date (baseline:
 *   reading the same events with `readAll` alone);
 * - `tick.pg.1M`: one tick on PostgreSQL over 1,000,000 open complaints with 1%
 *   due, read from the store's due moments (baseline: the same tick over 10,000
 *   open complaints, all due), and the ticking process's peak RSS (see tickPg.ts).
 */
import {
  businessCalendar,
  complaintListProjection,
  createEngine,
  deadlinePolicy,
  dueEvents,
  memoryStore,
  projectionRunner,
  sequentialIds,
  statisticsProjection,
  type Actor,
  type Complaint,
  type Engine,
} from '@redress/core';
import { bestOf, type Report } from './report';
import { pgTickFigures } from './tickPg';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const dept: Actor = { id: 'qc-1', role: 'department', department: 'quality-control' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const H = 3_600_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');

/** 90 hourly slots of 1,000 complaints and 100 slots of 100: 100,000 open complaints. */
const SLOTS = [
  ...Array.from({ length: 90 }, (_, k) => ({ hour: k, size: 1000 })),
  ...Array.from({ length: 100 }, (_, k) => ({ hour: 100 + k, size: 100 })),
];

const openComplaints = async () => {
  let now = T0;
  const store = memoryStore();
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date(now),
    cacheSize: 200_000,
    // Warn at 80% of 1,000 hours: slot k's warnings come due at hour 800 + k.
    deadlines: deadlinePolicy({ calendar: businessCalendar(), rules: { decide: { within: { hours: 1000 } } } }),
  });
  for (const slot of SLOTS) {
    now = T0 + slot.hour * H;
    for (let i = 0; i < slot.size; i++) {
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'billing',
        complainant: { name: 'N' },
        summary: 'Charged twice',
      });
    }
  }
  return { engine, store };
};

/** Time single ticks at the given slot hours; the best of them. */
const tickAt = async (engine: Engine, hours: readonly number[]) => {
  let best = Number.POSITIVE_INFINITY;
  let recorded = 0;
  for (const h of hours) {
    const t0 = performance.now();
    const r = await engine.tick(new Date(T0 + (800 + h) * H));
    best = Math.min(best, performance.now() - t0);
    recorded = r.events.length;
  }
  return { ms: best, recorded };
};

const lifecycle = async (engine: Engine, i: number) => {
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: ['quality', 'billing'][i % 2] as string,
    complainant: { name: 'N' },
    summary: 'Leaks',
  });
  const run = (cmd: Record<string, unknown>) => engine.execute({ complaintId, ...cmd } as never);
  await run({ type: 'accept', actor: handler, department: 'quality-control', priority: 'high' });
  await run({ type: 'recordInvestigation', actor: dept, rootCause: 'Seal', responsibleParty: 'supplier' });
  for (const accepted of [false, true]) {
    const { proposalId } = await run({ type: 'proposeRemedy', actor: dept, remedy: { description: 'Fix' } });
    await run({ type: 'approveRemedy', actor: supervisor, proposalId });
    await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'Done' });
    await run({ type: 'recordCustomerResponse', actor: agent, accepted });
  }
  await run({ type: 'review', actor: supervisor, summary: 'ok', classification: 'defect' });
  await run({ type: 'recordFollowUp', actor: agent, satisfaction: 1 + (i % 5) });
};

/** `catchup.memory`, measured first, while the heap is small. */
const catchUpFigures = async (report: Report) => {
  // catchup.memory: both read models over full lifecycles (with deadline events).
  let now = T0;
  const store = memoryStore();
  const writer = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date((now += 60_000)),
    deadlines: deadlinePolicy({
      calendar: businessCalendar(),
      rules: {
        acknowledge: { within: { workingHours: 1 } },
        decide: { within: { businessDays: 2 } },
        resolve: { within: { calendarDays: 10 } },
        followUp: { within: { calendarDays: 3 } },
      },
    }),
  });
  for (let i = 0; i < 4000; i++) await lifecycle(writer, i);
  const total = store.size;
  const catchMs = await bestOf(3, async () => {
    const list = projectionRunner({ store, projection: complaintListProjection() });
    const stats = projectionRunner({ store, projection: statisticsProjection() });
    await list.catchUp();
    await stats.catchUp();
  });
  const readMs = await bestOf(3, async () => {
    let n = 0;
    for await (const _ of store.readAll()) n++;
    if (n !== total) throw new Error('short read');
  });
  // Events of the log per second with both read models brought up to date.
  const ours = total / (catchMs / 1000);
  const base = total / (readMs / 1000);
  report({
    name: 'catchup.memory',
    unit: 'events/s',
    value: ours,
    baseline: 'readAll alone',
    baselineValue: base,
    ratio: ours / base,
    note: `${total} events, complaint list + statistics`,
  });
};

/** `tick.100k` and `tick.100k.0.1pct`. */
const tickFigures = async (report: Report) => {
  const { engine } = await openComplaints();
  // First tick, before anything is due: builds the due index from the global order.
  const warm = performance.now();
  await engine.tick(new Date(T0 + 700 * H));
  const indexMs = performance.now() - warm;
  // Record what is due up to slot 9, so that each measured tick meets exactly one slot.
  await engine.tick(new Date(T0 + 809 * H));

  const onePct = await tickAt(engine, [10, 11, 12, 13, 14, 15, 16, 17]);
  await engine.tick(new Date(T0 + 909 * H));
  const tenth = await tickAt(engine, [110, 111, 112, 113, 114, 115, 116, 117]);
  const scanMs = await scanAll(engine);
  report({
    name: 'tick.100k',
    unit: 'ms',
    value: onePct.ms,
    baseline: 'scan of 100k open complaints',
    baselineValue: scanMs,
    ratio: scanMs / onePct.ms,
    note: `1% due, ${onePct.recorded} warnings appended per tick; due index built in ${Math.round(indexMs)} ms on the first tick`,
  });
  report({
    name: 'tick.100k.0.1pct',
    unit: 'ms',
    value: tenth.ms,
    baseline: 'tick.100k (1% due)',
    baselineValue: onePct.ms,
    ratio: onePct.ms / tenth.ms,
    note: `${tenth.recorded} warnings per tick`,
  });
};

/** Baseline: what a tick without an index pays just to find the due ones among all open complaints. */
const scanAll = async (engine: Engine) => {
  const open: Complaint[] = [];
  for (let i = 1; i <= 100_000; i++) open.push(await engine.load(`C-${i}`));
  return bestOf(5, () => {
    let due = 0;
    for (const c of open) due += dueEvents(c, T0 + 1020 * H).length > 0 ? 1 : 0;
    if (due === 0) throw new Error('scan found nothing due');
  });
};

export default async (report: Report) => {
  await catchUpFigures(report);
  await tickFigures(report);
  await pgTickFigures(report);
};
