// The examples of docs/privacy.md, run by privacy.test.ts: an engine that encrypts personal data on
// SQLite, the blind index at intake, erasure, and verifying the log again without any key.
import {
  DEFAULT_PRIVATE_FIELDS,
  createEngine,
  definePrivacyPolicy,
  isErased,
  secretKek,
  subjectKeys,
} from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';

const policy = definePrivacyPolicy({
  fields: { ...DEFAULT_PRIVATE_FIELDS, InvestigationCompleted: ['findings'] },
  eraseRoles: ['privacy-officer'],
});

const store = sqliteStore({ path: 'complaints.db' });
const keys = subjectKeys({
  store: sqliteKeyStore({ path: keyFileBeside('complaints.db') }), // complaints.keys.db
  kek: secretKek(process.env.REDRESS_KEK), // 32 bytes: `openssl rand -base64 32`
});
const engine = createEngine({
  store,
  privacy: { keys, policy, indexKey: process.env.REDRESS_INDEX_KEY }, // the index key is not the KEK
});

// Intake: has this person complained before? Tokens are compared; nothing is decrypted.
const agent = { id: 'agent-7', role: 'agent' } as const;
const complainant = { name: '王芳', phone: '+86 138-0000-0000', email: 'wang.fang@example.com' };
const [earlier] = await engine.findComplaints({ phone: complainant.phone });
const { complaintId } = await engine.execute({
  type: 'receive',
  actor: agent,
  channel: 'phone',
  category: 'quality',
  complainant,
  summary: 'Kettle leaks after two days',
  ...(earlier ? { subjectId: earlier.subjectId } : {}), // the same person: the same key
});

const [received] = await engine.history(complaintId); // as stored: the name is ciphertext
if (received?.type === 'ComplaintReceived') console.log(Object.keys(received.data.complainant.name).join(',')); // '$enc,ct,iv,kid'
console.log((await engine.load(complaintId)).complainant.name); // '王芳'

// Erasure: the key is destroyed; the case, its statistics and every hash stay.
const officer = { id: 'dpo-1', role: 'privacy-officer' } as const;
const { complaints } = await engine.erase({ complaintId }, officer, 'Art. 17 request, ticket 1042');
const after = await engine.load(complaintId);
console.log(isErased(after.complainant.name), after.stage); // true 'received'
console.log((await engine.verify(complaintId)).ok); // true: verify needs no key
console.log(await engine.findComplaints({ phone: complainant.phone })); // []: erased people drop out

console.log(complaints.length >= 1 ? 'erased' : 'nothing erased');
await store.close();
await keys.close();
