import { describe, expect, test } from 'vitest';
import { hashEvent } from '../audit/hashChain';
import type { RecordedEvent } from '../domain/envelope';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import { agent, handler } from './presetEngine.testkit';
import { nfraConsumerComplaintRules } from './presets';

const calendar = businessCalendar({ timeZone: 'Asia/Shanghai' });

/** The events as a log written before clocks recorded what answers them: no metBy, period or rule set. */
const asOldLog = (events: readonly RecordedEvent[]): RecordedEvent[] => {
  let prevHash = events[0]?.prevHash ?? '';
  return events.map((e) => {
    const { position: _p, hash: _h, ...rest } = e as RecordedEvent & { position?: number };
    let data = rest.data as Record<string, unknown>;
    if (e.type === 'DeadlineSet') {
      const { metBy: _m, period: _r, ruleSet: _s, repeat: _t, ...old } = data;
      data = old;
    }
    const unhashed = { ...rest, data, prevHash } as Omit<RecordedEvent, 'hash'>;
    const event = { ...unhashed, hash: hashEvent(unhashed) } as RecordedEvent;
    prevHash = event.hash;
    return event;
  });
};

describe('logs written before deadline rules named their answers', () => {
  test('load, replay and verify, and their clocks are answered as they were then', async () => {
    let now = new Date('2026-03-02T02:00:00Z');
    const writer = createEngine({
      store: memoryStore(),
      ids: sequentialIds(),
      clock: () => now,
      privacy: 'plaintext',
      deadlines: deadlinePolicy({ calendar, rules: { decide: { within: { calendarDays: 15 } } } }),
    });
    const { complaintId } = await writer.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category: 'card',
      complainant: { name: '李雷' },
      summary: 'Fee',
    });
    const old = asOldLog(await writer.history(complaintId));
    expect(old.find((e) => e.type === 'DeadlineSet')?.data).not.toHaveProperty('metBy');
    const store = memoryStore();
    await store.append(complaintId, old, { expectedVersion: 0 });
    // Today's engine runs the NFRA preset, whose clocks only a decision told answers.
    const engine = createEngine({
      store,
      ids: sequentialIds(),
      clock: () => now,
      privacy: 'plaintext',
      deadlines: deadlinePolicy({ calendar, rules: nfraConsumerComplaintRules }),
    });
    expect(await engine.verify(complaintId)).toMatchObject({ ok: true });
    expect((await engine.load(complaintId)).deadlines?.decide).toMatchObject({ status: 'running', metBy: undefined });
    now = new Date('2026-03-03T02:00:00Z');
    await engine.execute({ type: 'accept', complaintId, actor: handler, department: 'cards', priority: 'normal' });
    // The clock of the old log keeps the answers of its day: the acceptance.
    expect((await engine.load(complaintId)).deadlines?.decide?.status).toBe('met');
    expect(await engine.verify(complaintId)).toMatchObject({ ok: true });
  });
});
