import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  memoryKeyStore,
  secretKek,
  sequentialIds,
} from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { afterAll, describe, expect, test } from 'vitest';
import { editRows, tempDir } from './support/files';
import { NASTY } from './support/hostileAudit';
import { runInProcess } from './support/inProcess';
import { runCli } from './support/runCli';
import { steppingClock } from './support/seedStore';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const agent = { id: 'agent-7', role: 'agent' } as const;
const handler = { id: 'handler-2', role: 'handler' } as const;
const NAME = '李秘密';
/** When the deadlines are judged: after the tick, with one decision clock past due and unrecorded. */
const AT = '2026-03-02T14:00:00Z';
const PHONE = '+86 139 1234 5678';

interface Listed {
  id: string;
  stage: string;
  status: string;
  department: string | null;
  priority: string | null;
  receivedAt: string;
  deadline: { state: string; next: { kind: string; dueAt: string } | null; overdue: boolean };
}

/**
 * Four complaints on 2 March 2026 on a real file, with deadlines (decide within
 * 4 hours, resolve within 30 days of acceptance): one breached by a tick at
 * 13:00, one received after that tick and left (its decision clock past due at
 * 14:00, never ticked), one accepted into a department, one rejected.
 */
const seed = async () => {
  const path = join(dir, 'list.db');
  const store = sqliteStore({ path });
  const engine = createEngine({
    store,
    clock: steppingClock('2026-03-02T08:00:00Z', 60_000),
    ids: sequentialIds(),
    privacy: { keys: { store: memoryKeyStore(), kek: secretKek('a'.repeat(64)) } },
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'UTC' }),
      rules: { decide: { within: { hours: 4 } }, resolve: { within: { calendarDays: 30 }, from: 'accepted' } },
    }),
  });
  const receive = async (summary: string) =>
    (
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'phone',
        category: 'quality',
        complainant: { name: NAME, phone: PHONE },
        summary,
      })
    ).complaintId;
  const breached = await receive('Lost parcel');
  await engine.tick(new Date('2026-03-02T13:00:00Z'));
  const waiting = await receive('Kettle leaks');
  const hostile = await receive('Door broken');
  await engine.execute({
    type: 'accept',
    complaintId: hostile,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  const rejected = await receive('Rude staff');
  await engine.execute({ type: 'reject', complaintId: rejected, actor: handler, reason: 'No record' });
  await store.close();
  return { path, waiting, hostile, breached, rejected };
};

describe('redress list (as a process, on a real SQLite file)', async () => {
  const log = await seed();
  // In this process: the same main() as the binary, without a process start per question.
  const listJson = async (...args: string[]) => {
    const r = await runInProcess(['list', '--json', '--at', AT, '--store', log.path, ...args]);
    expect(r.code, r.text).toBe(0);
    return r.data as { complaints: Listed[]; count: number };
  };

  test('every complaint, oldest first, with stage, status, department, priority and deadline state', async () => {
    const { complaints, count } = await listJson();
    expect(count).toBe(4);
    expect(complaints.map((c) => c.id)).toEqual([log.breached, log.waiting, log.hostile, log.rejected]);
    const byId = new Map(complaints.map((c) => [c.id, c]));
    expect(byId.get(log.breached)).toMatchObject({ stage: 'received', status: 'open', department: null });
    expect(byId.get(log.breached)?.deadline).toMatchObject({ state: 'breached', next: { kind: 'decide' } });
    expect(byId.get(log.waiting)?.deadline).toMatchObject({ state: 'due', overdue: true, next: { kind: 'decide' } });
    expect(byId.get(log.hostile)).toMatchObject({ stage: 'judged', department: 'quality-control', priority: 'high' });
    expect(byId.get(log.hostile)?.deadline).toMatchObject({ state: 'due', overdue: false, next: { kind: 'resolve' } });
    expect(byId.get(log.rejected)).toMatchObject({ stage: 'rejected', status: 'closed' });
    expect(byId.get(log.rejected)?.deadline).toEqual({ state: 'none', next: null, overdue: false });
  });

  test('filters: by status, stage, department, priority, deadline state and --overdue', async () => {
    const ids = async (...args: string[]) => (await listJson(...args)).complaints.map((c) => c.id);
    expect(await ids('--status', 'closed')).toEqual([log.rejected]);
    expect(await ids('--stage', 'judged')).toEqual([log.hostile]);
    expect(await ids('--department', 'quality-control')).toEqual([log.hostile]);
    expect(await ids('--priority', 'high')).toEqual([log.hostile]);
    expect(await ids('--deadline', 'breached')).toEqual([log.breached]);
    expect(await ids('--overdue')).toEqual([log.breached, log.waiting]);
    expect(await ids('--deadline', 'due')).toEqual([log.waiting, log.hostile]);
    expect(await ids('--status', 'open', '--priority', 'low')).toEqual([]);
  });

  test('the table shows no personal data; a hostile id in the file is reported escaped, exit 5', async () => {
    const r = await runCli(['list', '--at', AT, '--store', log.path]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(log.hostile);
    expect(r.stdout).toContain('due (overdue)');
    expect(r.stdout).toContain('4 complaints');
    expect(r.stdout).toMatch(/breached/);
    for (const output of [r.stdout, r.stderr, JSON.stringify(await listJson())]) {
      for (const secret of [NAME, PHONE, 'Kettle leaks', 'Lost parcel']) expect(output).not.toContain(secret);
    }
    const edited = join(dir, 'hostile.db');
    copyFileSync(log.path, edited);
    editRows(edited, (db) => {
      db.prepare('UPDATE events SET stream_id = ? WHERE stream_id = ?').run(NASTY, log.rejected);
    });
    const hostile = await runCli(['list', '--store', edited]);
    expect(hostile.code).toBe(5);
    expect(hostile.stderr).toContain('run `redress verify');
    // Not one control or bidi character of the id reaches the terminal; the markup is shown as text.
    expect(hostile.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(hostile.stderr).toContain('\\u001b[2K');
  });

  test('a filter value that is not one of its choices is refused by name, exit 6', async () => {
    for (const [flag, value] of [
      ['--stage', 'nope'],
      ['--status', 'half'],
      ['--priority', 'urgent\u001b[2K'],
      ['--deadline', 'late'],
      ['--at', '2026-02-30'],
    ] as const) {
      const r = await runInProcess(['list', flag, value, '--store', log.path]);
      expect(r.code, `${flag} ${value}`).toBe(6);
    }
    const shown = await runCli(['list', '--priority', 'urgent\u001b[2K', '--store', log.path]);
    expect(shown.code).toBe(6);
    expect(shown.stderr).toContain('--priority must be one of low, normal, high, urgent');
    expect(shown.stderr).not.toContain('\u001b');
  });
});
