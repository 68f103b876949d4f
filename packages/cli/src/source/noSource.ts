import type { Source } from './source';

const none = (): never => {
  throw new Error('This command reads no store');
};

/**
 * What a command that reads no store (`check-proof`, `witness`) is run with:
 * every method throws, so reading it is a bug found at once.
 *
 * @example
 * await command.run({ source: NO_SOURCE, argument, values, env: process.env, out });
 */
export const NO_SOURCE: Source = {
  kind: 'ndjson',
  label: '(no store)',
  count: none,
  streams: none,
  outbox: none,
  log: none,
  store: none,
  close: async () => {},
};
