import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createEngine, memoryStore } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { runQuickstart, timeline } from './quickstart';

describe('quickstart', () => {
  test('tells the three stories: resolved after one refusal, rejected, withdrawn', async () => {
    const store = memoryStore();
    const engine = createEngine({ store });
    const ids = await runQuickstart(engine);

    const resolved = await engine.load(ids.resolved);
    expect(resolved.stage).toBe('reviewed');
    expect(resolved.refusals).toBe(1);
    expect(resolved.approvedProposalId).toBe('P2');
    expect(resolved.proposals.map((p) => p.status)).toEqual(['refused', 'approved']);
    expect(resolved.followUp?.satisfaction).toBe(5);

    expect((await engine.load(ids.rejected)).stage).toBe('rejected');
    expect((await engine.load(ids.withdrawn)).stage).toBe('withdrawn');

    for (const id of Object.values(ids)) expect(await engine.verify(id)).toMatchObject({ ok: true });
    expect(store.size).toBe(14 + 3 + 4);
  });

  test('the timeline shows the refusal sending the complaint back to proposal', async () => {
    const engine = createEngine({ store: memoryStore() });
    const { resolved } = await runQuickstart(engine);
    const lines = timeline(await engine.history(resolved));
    expect(lines[7]).toMatch(/agent-7 \(agent\)\s+CustomerResponded\s+→ proposal$/);
    expect(lines.at(-1)).toMatch(/FollowUpRecorded\s+→ reviewed$/);
  });

  test("`pnpm demo` writes to a SQLite file, and a second run finds the first run's complaints there", async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'redress-demo-')), 'demo.db');
    const demo = () =>
      promisify(execFile)('pnpm', ['-s', 'demo'], {
        cwd: new URL('../../..', import.meta.url).pathname,
        env: { ...process.env, REDRESS_DEMO_DB: db },
      });
    const first = await demo();
    expect(first.stdout).toContain(`Store: ${db}`);
    expect(first.stdout).toContain('It holds no complaints yet');
    expect(first.stdout.match(/verify: ok/g)).toHaveLength(3);
    // Encrypted, with its keys and KEK beside the file, and one complainant erased at the end.
    expect(first.stdout).toContain(`a key per complainant in ${db.replace(/\.db$/, '.keys.db')}`);
    expect(first.stdout).toContain(`wrapped by the KEK in ${db.replace(/\.db$/, '.kek')}`);
    expect(first.stdout).toMatch(/name \(erased\), stage withdrawn/);
    expect(first.stdout).toMatch(/verify after erasure: ok/);
    const firstIds = [...first.stdout.matchAll(/^(?:resolved|rejected|withdrawn): complaint (\S+)$/gm)].map(
      (m) => m[1],
    );
    expect(firstIds).toHaveLength(3);
    // Readable reference numbers, counted on from earlier runs.
    expect(firstIds.map((id) => id?.replace(/^C-\d{8}-/, 'C-…-'))).toEqual(['C-…-0001', 'C-…-0002', 'C-…-0003']);
    // Every notification of the run reached the loopback receiver with a valid signature, grouped by complaint.
    expect(first.stdout).toMatch(/Notifications delivered \(13\) to a signed-webhook receiver on loopback/);
    const groups = [...first.stdout.matchAll(/^ {2}(C-\S+) \((\w+)\): (\d+) messages$/gm)].map((m) => [
      m[1],
      m[2],
      m[3],
    ]);
    expect(groups).toEqual([
      [firstIds[0], 'resolved', '8'],
      [firstIds[1], 'rejected', '2'],
      [firstIds[2], 'withdrawn', '3'],
    ]);
    expect(first.stdout).toContain('→ john@example.com');
    // The CLI on the demo's own file: the whole log verifies, and the audit shows no personal data without keys.
    expect(first.stdout).toContain(`$ redress verify --store ${db}`);
    expect(first.stdout).toMatch(/^OK 22 events in 3 complaints/m);
    const audit = first.stdout.slice(first.stdout.indexOf(`$ redress audit ${firstIds[0]}`));
    expect(audit).toMatch(new RegExp(`^Complaint ${firstIds[0]}: stage reviewed \\(closed\\), 14 events`, 'm'));
    expect(audit).toContain('(personal data, hidden)');
    for (const personal of ['王芳', '+86 138 0000 0000', 'John Smith', 'john@example.com', '李雷'])
      expect(audit).not.toContain(personal);

    const second = await demo();
    expect(second.stdout).toContain('It already holds 3 complaints from earlier runs');
    for (const id of firstIds) expect(second.stdout).toContain(id);
    expect(second.stdout).toContain('6 complaints in');
    // Only this run's messages: the first run's were delivered and are not sent again.
    expect(second.stdout).toMatch(/Notifications delivered \(13\)/);
    expect(second.stdout).toMatch(/^resolved: complaint C-\d{8}-0004$/m);
    expect(second.stdout).toMatch(/^OK 44 events in 6 complaints/m);
  });
});
