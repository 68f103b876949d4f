#!/usr/bin/env node
// The `redress` command. An installed package runs its build (dist/bin.js). Inside the
// repository, before any build, it runs the TypeScript sources through tsx, so that
// `pnpm exec redress` works straight after `pnpm install`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
const source = new URL('../src/bin.ts', import.meta.url);

if (existsSync(fileURLToPath(built)) || !existsSync(fileURLToPath(source))) {
  await import(built.href);
} else {
  const args = ['--import', 'tsx', '--conditions=@redress/source', fileURLToPath(source), ...process.argv.slice(2)];
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (run.error) throw run.error;
  // A child ended by a signal exits as a shell reports it: 128 + the signal's number.
  process.exitCode = run.status ?? 128 + (run.signal === null ? 0 : constants.signals[run.signal]);
}
