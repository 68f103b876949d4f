// The opening example of docs/store-postgres.md, run by storePostgres.int.test.ts.
import pg from 'pg';
import { createEngine, secretKek } from '@redress/core';
import { postgresKeyStore, postgresStore } from '@redress/store-postgres';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
pool.on('error', () => {}); // see "Connection faults"
const store = postgresStore({ pool, schema: process.env.REDRESS_SCHEMA ?? 'redress' }); // tables created on first use
const keys = postgresKeyStore({ pool }); // the wrapped data keys: table subject_keys of schema redress_keys
const engine = createEngine({ store, privacy: { keys: { store: keys, kek: secretKek(process.env.REDRESS_KEK) } } });

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
