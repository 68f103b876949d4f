// The opening example of docs/store-sqlite.md, run by storeSqlite.test.ts.
import { createEngine } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';

const store = sqliteStore({ path: 'complaints.db' }); // created if missing
const engine = createEngine({ store });

const agent = { id: 'agent-7', role: 'agent' } as const;
const { complaintId } = await engine.execute({
  type: 'receive',
  actor: agent,
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳' },
  summary: 'Kettle leaks after two days',
});
console.log((await engine.load(complaintId)).stage); // 'received'

await store.close(); // at shutdown
