// A CommonJS script outside the repository, against the packed packages.
import core = require('@redress/core');
import sqlite = require('@redress/store-sqlite');

const store = sqlite.sqliteStore({ path: process.argv[2] ?? 'consumer-cjs.db' });
const engine = core.createEngine({ store });
engine
  .execute({
    type: 'receive',
    actor: { id: 'a-1', role: 'agent' },
    channel: 'web',
    category: 'delivery',
    complainant: { name: 'Li Lei' },
    summary: 'Parcel late',
  })
  .then(async (r) => {
    console.log('cjs', r.complaint.stage, (await engine.verify(r.complaintId)).ok);
    await store.close();
  });
