// The opening example of docs/store-sqlite.md, run by storeSqlite.test.ts.
import { createEngine, secretKek } from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';

const store = sqliteStore({ path: 'complaints.db' }); // created if missing
// Personal data is encrypted, under a key per complainant kept in complaints.keys.db, wrapped by
// the key-encryption key from the environment (32 bytes: `openssl rand -base64 32`).
const keys = sqliteKeyStore({ path: keyFileBeside('complaints.db') });
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

await store.close(); // at shutdown
await keys.close();
