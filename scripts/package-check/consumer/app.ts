// An ESM application outside the repository, against the packed packages.
import { createEngine, isRedressError, type Complaint } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { postgresStore } from '@redress/store-postgres';

const run = async (engine: ReturnType<typeof createEngine>): Promise<Complaint> => {
  const agent = { id: 'agent-7', role: 'agent' } as const;
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: 'Wang Fang', phone: '+86 138 0000 0000' },
    summary: 'Kettle leaks after two days',
  });
  await engine.execute({
    type: 'accept',
    complaintId,
    actor: { id: 'h-1', role: 'handler' },
    department: 'qc',
    priority: 'high',
  });
  const refused = await engine.execute({ type: 'review', complaintId, actor: agent } as never).catch((e: unknown) => e);
  if (!isRedressError(refused)) throw new Error('a command out of order was not refused');
  const check = await engine.verify(complaintId);
  if (!check.ok) throw new Error(`verify failed at version ${check.version}`);
  return engine.load(complaintId);
};

const sqlite = sqliteStore({ path: process.argv[2] ?? 'consumer.db' });
console.log('sqlite', (await run(createEngine({ store: sqlite }))).stage);
await sqlite.close();

const url = process.env.REDRESS_PG_URL;
if (url !== undefined) {
  const pg = postgresStore({ connectionString: url, schema: process.env.REDRESS_SCHEMA ?? 'redress_consumer' });
  console.log('postgres', (await run(createEngine({ store: pg }))).stage);
  await pg.close();
}
