import { describe, expect, test } from 'vitest';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import type { DeadlineRules, VersionedRules } from './deadlineRules';
import { agent, supervisor } from './presetEngine.testkit';
import { PRESET_VERSIONS } from './presets';

const calendar = businessCalendar({ timeZone: 'Asia/Shanghai', hours: [['00:00', '24:00']] });
const v = (version: number, within: number, step: number): VersionedRules => ({
  ruleSet: { id: 'acme-complaints', version },
  rules: {
    decide: {
      within: { calendarDays: within },
      extensions: [{ calendarDays: step }],
      ruleSet: { id: 'acme-complaints', version },
    },
  } satisfies DeadlineRules,
});
const v1 = v(1, 15, 30);
const v2 = v(2, 10, 20);

describe('versioned rule sets', () => {
  test('every built-in preset names its rule text, articles, effective date and a unique version', () => {
    const keys = PRESET_VERSIONS.map((p) => `${p.ruleSet.id}@${p.ruleSet.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of PRESET_VERSIONS) {
      expect(p.ruleText.length).toBeGreaterThan(0);
      expect(p.articles.length).toBeGreaterThan(0);
      expect(p.effective).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const rule of Object.values(p.rules)) expect(rule.ruleSet).toEqual(p.ruleSet);
    }
  });

  test('a complaint keeps the version it started under when the rules change', async () => {
    const store = memoryStore();
    let now = new Date('2026-03-02T02:00:00Z');
    const clock = () => now;
    let n = 0;
    const before = createEngine({
      store,
      ids: sequentialIds(),
      clock,
      deadlines: deadlinePolicy({ calendar, rules: v1.rules }),
    });
    const { complaintId: old } = await before.execute({
      type: 'receive',
      actor: agent,
      channel: 'web',
      category: 'card',
      complainant: { name: 'Li' },
      summary: 'Fee',
    });
    // Received 2 March: day 15 is 17 March, ending at 24:00 Beijing = 16:00Z.
    expect((await before.load(old)).deadlines?.decide).toMatchObject({
      dueAt: '2026-03-17T16:00:00.000Z',
      ruleSet: { id: 'acme-complaints', version: 1 },
    });
    // Version 2 takes effect: 10 days, extendable to 20. Version 1 is given for older complaints.
    const after = createEngine({
      store,
      ids: { eventId: () => `N-E-${++n}`, complaintId: () => `N-C-${++n}` },
      clock,
      deadlines: deadlinePolicy({ calendar, rules: v2.rules, ruleSets: [v1] }),
    });
    now = new Date('2026-03-03T02:00:00Z');
    await after.execute({
      type: 'extendDeadline',
      complaintId: old,
      actor: supervisor,
      deadline: 'decide',
      reason: 'Complex',
    });
    // The old complaint extends by version 1: day 30 after 2 March is 1 April → 16:00Z.
    expect((await after.load(old)).deadlines?.decide?.dueAt).toBe('2026-04-01T16:00:00.000Z');
    const { complaintId: fresh } = await after.execute({
      type: 'receive',
      actor: agent,
      channel: 'web',
      category: 'card',
      complainant: { name: 'Wu' },
      summary: 'Fee',
    });
    // A new one starts under version 2: day 10 after 3 March is 13 March.
    expect((await after.load(fresh)).deadlines?.decide).toMatchObject({
      dueAt: '2026-03-13T16:00:00.000Z',
      ruleSet: { id: 'acme-complaints', version: 2 },
    });
  });
});
