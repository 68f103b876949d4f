/**
 * A process for the erasure crash test: `childEraser.ts <events file> <key file> <kek hex>`.
 * Records a complaint with privacy on, then erases it; the key store's destroy
 * says `destroying` on stdout and never returns, so the parent can SIGKILL the
 * process after the erasure event was written and before the key is gone.
 */
import { createEngine, secretKek, type KeyStore } from '@redress/core';
import { sqliteKeyStore } from '../keys/sqliteKeyStore';
import { sqliteStore } from '../sqliteStore';

const [path, keyPath, kekHex] = process.argv.slice(2) as [string, string, string];
const keys = sqliteKeyStore({ path: keyPath });
const hanging: KeyStore = {
  insert: (id, record) => keys.insert(id, record),
  fetch: (id) => keys.fetch(id),
  destroy: () => {
    process.stdout.write('destroying\n');
    return new Promise<void>(() => undefined);
  },
};
const engine = createEngine({
  store: sqliteStore({ path }),
  privacy: { keys: { store: hanging, kek: secretKek(kekHex) } },
});
await engine.execute({
  type: 'receive',
  complaintId: 'C-1',
  actor: { id: 'agent-1', role: 'agent' },
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳', phone: '+86 138 0000 0000' },
  summary: 'Kettle leaks',
});
process.stdout.write('received\n');
await engine.erase({ complaintId: 'C-1' }, { id: 'dpo-1', role: 'privacy-officer' }, 'Art. 17 request 9');
