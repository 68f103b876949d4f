import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { complaintsServer } from './server';

// A demo: a fresh KEK and token secret each start. An application reads both from its secrets.
const app = complaintsServer({
  path: process.argv[2] ?? 'complaints.db',
  kek: process.env.REDRESS_KEK ?? randomBytes(32).toString('base64'),
  jwtSecret: randomBytes(32),
});
app.server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', async () => {
  const { port } = app.server.address() as AddressInfo;
  console.log(`Complaints API on http://127.0.0.1:${port}/api (OpenAPI: /api/openapi.json)`);
  for (const actor of [
    { id: 'agent-7', role: 'agent' },
    { id: 'handler-2', role: 'handler' },
    { id: 'qc-1', role: 'department', department: 'quality-control' },
    { id: 'sup-1', role: 'supervisor' },
  ])
    console.log(`${actor.role.padEnd(10)} Authorization: Bearer ${await app.tokens.issue(actor)}`);
});
process.once('SIGINT', () => void app.close());
