import { runModel, type Invariant } from '@redress/testing';
import { expect, test } from 'vitest';
import { isOpenStage } from '../domain/stages';
import { createEngine } from '../engine/createEngine';
import { businessCalendar } from './calendar';
import { answersClock } from './deadlineClock';
import { deadlinePolicy } from './deadlinePolicy';
import { nfraConsumerComplaintRules, progressUpdates } from './presets';

const calendar = businessCalendar({ timeZone: 'Asia/Shanghai' });
const rules = { ...nfraConsumerComplaintRules, progress: progressUpdates(3) };

/** A met clock was met at its `metAt` by an event its `DeadlineSet` names. */
const metByItsAnswer: Invariant = {
  name: 'a clock is met only by an answer its rule names',
  check: ({ live, events }) => {
    for (const clock of Object.values(live.deadlines ?? {})) {
      if (clock.status !== 'met') continue;
      const by = events.find((e) => e.occurredAt === clock.metAt && answersClock(clock, e));
      if (by === undefined) return `${clock.kind} met at ${clock.metAt} by no event its rule names`;
    }
  },
};

/** Accepting, investigating or any other step does not stop the decision clock: only a decision told does. */
const decisionToldStopsDecide: Invariant = {
  name: 'the decide clock runs until a decision, final response or rejection',
  check: ({ live, events }) => {
    const clock = live.deadlines?.decide;
    if (clock === undefined || !isOpenStage(live.stage)) return;
    const told = events.some((e) => answersClock(clock, e));
    return told === (clock.status === 'met') || `decide is ${clock.status}, answered: ${told}`;
  },
};

/** The progress clock always runs while open, started at the last progress response (or receipt). */
const progressRestarts: Invariant = {
  name: 'the progress clock runs from the last progress update while open',
  check: ({ live, events }) => {
    const clock = live.deadlines?.progress;
    if (clock === undefined || !isOpenStage(live.stage) || live.pausedAt !== undefined) return;
    const last = events.filter((e) => e.type === 'ResponseSent' && e.data.kind === 'progress').at(-1);
    expect(clock.status).toBe('running');
    if (last !== undefined) expect(clock.startedAt).toBe(last.occurredAt);
  },
};

test('model: responses stop the clocks their rules name, and progress updates repeat', async () => {
  const report = await runModel({
    engine: (setup) => createEngine({ ...setup, deadlines: deadlinePolicy({ calendar, rules }) }),
    invariants: [metByItsAnswer, decisionToldStopsDecide, progressRestarts],
    numRuns: 25,
    maxCommands: 30,
  });
  expect(report.executed).toBeGreaterThan(0);
});
