// The rotation of the key-encryption key in docs/privacy.md, run by privacyRotation.test.ts: a
// complaint written under the old KEK, its key re-wrapped to the new one, read back with the new KEK only.
import { createEngine, rewrapKeys, secretKek, subjectKeys } from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';

const store = sqliteStore({ path: 'complaints.db' });
const keyStore = sqliteKeyStore({ path: keyFileBeside('complaints.db') });
const oldKek = secretKek(process.env.REDRESS_OLD_KEK);
const newKek = secretKek(process.env.REDRESS_KEK);

// Before: written under the old KEK.
const before = createEngine({ store, privacy: { keys: subjectKeys({ store: keyStore, kek: oldKek }) } });
const { complaintId } = await before.execute({
  type: 'receive',
  actor: { id: 'agent-7', role: 'agent' },
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳' },
  summary: 'Kettle leaks after two days',
});

const result = await rewrapKeys({ store: keyStore, from: oldKek, to: newKek });
console.log(result.complete, result.rewrapped); // true 1

// After: the new KEK alone reads it.
const after = createEngine({ store, privacy: { keys: subjectKeys({ store: keyStore, kek: newKek }) } });
console.log((await after.load(complaintId)).complainant.name); // '王芳'
await store.close();
await keyStore.close();
