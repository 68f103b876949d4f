import { createServer, type Server } from 'node:http';
import { createEngine, secretKek } from '@redress/core';
import { httpHandler, nodeListener } from '@redress/http';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { staffTokens } from './auth';

/** The complaints API over one SQLite file: personal data encrypted, staff signed in with JWTs. */
export const complaintsServer = (options: {
  path: string;
  kek: string;
  jwtSecret: Uint8Array;
  log?: (line: string) => void;
}) => {
  const store = sqliteStore({ path: options.path });
  const keys = sqliteKeyStore({ path: keyFileBeside(options.path) });
  const engine = createEngine({ store, privacy: { keys: { store: keys, kek: secretKek(options.kek) } } });
  const tokens = staffTokens(options.jwtSecret);
  const api = httpHandler({
    engine,
    basePath: '/api',
    authenticate: tokens.authenticate, // the actor comes from the signed token, never from the body
    revealRoles: ['supervisor'], // only they may ask for personal data, with ?reveal=true
    log: (entry) => (options.log ?? console.log)(JSON.stringify(entry)), // method, route, status, code, actor, ms: no personal data
  });
  const server: Server = createServer(nodeListener(api));
  return {
    server,
    tokens,
    engine,
    async close() {
      await api.close(); // ends the live-update streams, so the server can close
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await keys.close();
    },
  };
};
