import { readFileSync } from 'node:fs';
import { createEngine, memoryStore, type Actor } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { engine } from './engineSetup';
import { explainRefusal } from './explainRefusal';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const agent: Actor = { id: 'agent-1', role: 'agent' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const receive = {
  type: 'receive',
  actor: agent,
  channel: 'web',
  category: 'quality',
  complainant: { name: 'A' },
  summary: 'Broken',
} as const;

describe('docs/engine.md', () => {
  test('every TypeScript block is code from this example', () => {
    const doc = read('../../../docs/engine.md');
    const sources = ['./engineSetup.ts', './explainRefusal.ts'].map(read).join('\n');
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => (m[1] as string).trimEnd());
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) expect(sources, block.slice(0, 60)).toContain(block);
  });

  test('the set-up makes an engine that runs a command', async () => {
    const { complaintId, version } = await engine.execute(receive);
    expect(version).toBe(2);
    expect((await engine.load(complaintId)).stage).toBe('received');
  });

  test('explainRefusal reads the details of each refusal', async () => {
    const engine = createEngine({ store: memoryStore() });
    const { complaintId } = await engine.execute(receive);
    const refusal = (work: Promise<unknown>) => work.then(() => undefined, explainRefusal);
    expect(
      await refusal(engine.execute({ type: 'approveRemedy', complaintId, actor: supervisor, proposalId: 'P1' })),
    ).toBe(
      'approveRemedy is not possible in stage received; possible now: accept, reject, escalate, addNote, withdraw, pause, respond, resolveAtFirstContact, link, merge',
    );
    expect(
      await refusal(
        engine.execute({ type: 'accept', complaintId, actor: agent, department: 'quality', priority: 'low' }),
      ),
    ).toBe('role agent may not accept');
    expect(await refusal(engine.load('C-404'))).toBe('no complaint C-404');
    expect(await refusal(engine.execute({ ...receive, summary: '' }))).toMatch(/^summary: /);
    expect(explainRefusal(new Error('disk full'))).toBeUndefined();
  });
});
