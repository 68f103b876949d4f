import { describe, expect, test } from 'vitest';
import { businessCalendar } from './calendar';
import { presetEngine } from './presetEngine.testkit';
import { progressUpdates, ukFcaDispRules } from './presets';

const london = businessCalendar({ timeZone: 'Europe/London' });

describe('progress updates: at least every N business days while open (DISP 1.6.1R(2))', () => {
  test('each progress response meets the clock and starts the next from its own time', async () => {
    const { engine, receive, respond, at, clock } = presetEngine(
      london,
      { progress: progressUpdates(5) },
      '2026-01-05T10:00:00Z',
    );
    const id = await receive();
    // Received Mon 5 January 2026: Tue 6 (1) … Mon 12 (5) → 17:00 GMT.
    expect(await clock(id, 'progress')).toMatchObject({ dueAt: '2026-01-12T17:00:00.000Z', repeat: true });
    at('2026-01-09T11:00:00Z');
    await respond(id, 'progress');
    // From Fri 9 January: Mon 12 (1) … Fri 16 (5) → 17:00.
    expect(await clock(id, 'progress')).toMatchObject({
      status: 'running',
      startedAt: '2026-01-09T11:00:00.000Z',
      dueAt: '2026-01-16T17:00:00.000Z',
    });
    const sets = (await engine.history(id))
      .filter((e) => e.type === 'DeadlineSet')
      .map((e) => (e.data as { cause: string }).cause);
    expect(sets).toEqual(['start', 'repeat']);
  });

  test('a missed update is warned and breached by tick, and the next update starts the clock afresh', async () => {
    const { engine, receive, respond, at, clock } = presetEngine(
      london,
      { progress: progressUpdates(5) },
      '2026-01-05T10:00:00Z',
    );
    const id = await receive();
    at('2026-01-09T11:00:00Z');
    await respond(id, 'holding', { expectedBy: '2026-02-01T00:00:00Z' });
    expect((await clock(id, 'progress'))?.status).toBe('running');
    at('2026-01-13T00:00:00Z');
    const ticked = (await engine.tick()).events.map((e) => `${e.type}:${(e.data as { deadline?: string }).deadline}`);
    expect(ticked).toEqual(['DeadlineWarned:progress', 'DeadlineBreached:progress']);
    expect((await clock(id, 'progress'))?.breached).toBe(true);
    at('2026-01-19T10:00:00Z');
    await respond(id, 'progress');
    // From Mon 19 January: Tue 20 (1) … Mon 26 (5) → 17:00.
    expect(await clock(id, 'progress')).toMatchObject({
      breached: false,
      warned: false,
      dueAt: '2026-01-26T17:00:00.000Z',
    });
    expect((await engine.load(id)).deadlineBreaches).toEqual(['progress']);
  });

  test('an answer that closes the complaint does not start the clock again', async () => {
    const { engine, receive, at, clock } = presetEngine(
      london,
      {
        progress: {
          ...progressUpdates(5),
          metBy: [{ event: 'ResponseSent', kinds: ['progress'] }, { event: 'ComplaintRejected' }],
        },
      },
      '2026-01-05T10:00:00Z',
    );
    const id = await receive();
    at('2026-01-06T10:00:00Z');
    await engine.execute({
      type: 'reject',
      complaintId: id,
      actor: { id: 'handler-1', role: 'handler' },
      reason: 'Not ours',
    });
    expect(await clock(id, 'progress')).toMatchObject({ status: 'met', metAt: '2026-01-06T10:00:00.000Z' });
  });

  test('the clock stops when the complaint closes', async () => {
    const { engine, receive, at, clock } = presetEngine(
      london,
      { ...ukFcaDispRules, progress: progressUpdates(5) },
      '2026-01-05T10:00:00Z',
    );
    const id = await receive();
    at('2026-01-06T10:00:00Z');
    await engine.execute({ type: 'withdraw', complaintId: id, actor: { id: 'agent-1', role: 'agent' } });
    expect((await clock(id, 'progress'))?.status).toBe('stopped');
    at('2026-02-01T00:00:00Z');
    expect((await engine.tick()).events).toEqual([]);
  });
});
