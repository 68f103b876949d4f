/**
 * A writer process for the multi-process test: `childWriter.ts <file> <name> <count> <complaintId>`.
 * Adds `count` notes to one shared complaint through a real engine (conflicting
 * with the other processes, on the engine's default retry settings) and receives `count` complaints of its own.
 */
import { createEngine } from '@redress/core';
import { sqliteStore } from '../sqliteStore';

const [path, name, countText, shared] = process.argv.slice(2) as [string, string, string, string];
const store = sqliteStore({ path, busyTimeoutMs: 30_000 });
const engine = createEngine({ store, cacheSize: 0 });
const agent = { id: `agent-${name}`, role: 'agent' } as const;

for (let i = 0; i < Number(countText); i++) {
  await engine.execute({ type: 'addNote', complaintId: shared, actor: agent, text: `${name} note ${i}` });
  await engine.execute({
    type: 'receive',
    complaintId: `C-${name}-${i}`,
    actor: agent,
    channel: 'web',
    category: 'service',
    complainant: { name: `客户 ${name}-${i}` },
    summary: `complaint ${i} from ${name}`,
  });
}
await store.close();
