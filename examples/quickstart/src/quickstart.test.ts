import { execFile } from 'node:child_process';
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

  test('`pnpm demo` runs and prints every timeline with a passing verify', async () => {
    const { stdout } = await promisify(execFile)('pnpm', ['-s', 'demo'], { cwd: new URL('../../..', import.meta.url).pathname, env: { ...process.env, REDRESS_DEMO_DB: ':memory:' } });
    expect(stdout).toMatch(/resolved: complaint /);
    expect(stdout.match(/verify: ok/g)).toHaveLength(3);
  });
});
