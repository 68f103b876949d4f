// An ESM application outside the repository, against the packed packages.
import { createEngine, isErased, isRedressError, type Complaint } from '@redress/core';
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

/** A personal field of a complaint is text or, once erased, the erased marker: the compiler makes us check. */
const nameOf = (complaint: Complaint): string => {
  // @ts-expect-error: the name may have been erased, so it is not always a string.
  const unchecked: string = complaint.complainant.name;
  void unchecked;
  const { name } = complaint.complainant;
  return isErased(name) ? '(erased)' : name;
};

const sqlite = sqliteStore({ path: process.argv[2] ?? 'consumer.db' });
const loaded = await run(createEngine({ store: sqlite }));
console.log('sqlite', loaded.stage, nameOf(loaded));
await sqlite.close();

const url = process.env.REDRESS_PG_URL;
if (url !== undefined) {
  const pg = postgresStore({ connectionString: url, schema: process.env.REDRESS_SCHEMA ?? 'redress_consumer' });
  console.log('postgres', (await run(createEngine({ store: pg }))).stage);
  await pg.close();
}
