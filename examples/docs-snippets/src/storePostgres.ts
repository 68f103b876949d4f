// The opening example of docs/store-postgres.md, run by storePostgres.int.test.ts.
import pg from 'pg';
import { createEngine } from '@redress/core';
import { postgresStore } from '@redress/store-postgres';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
pool.on('error', () => {}); // see "Connection faults"
const store = postgresStore({ pool, schema: process.env.REDRESS_SCHEMA ?? 'redress' }); // tables created on first use
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

await pool.end(); // at shutdown: your pool, you end it
