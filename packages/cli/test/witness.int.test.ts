import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import {
  cosignatureVerifier,
  formatAddCheckpoint,
  generateNoteKey,
  memoryTree,
  noteSigner,
  signCheckpoint,
  verifyCosignature,
} from '@redress/core';
import { tempDir } from './support/files';
import { startCli, type RunningCli } from './support/runCli';

const origin = 'complaints.example.com/log';
const hex = (n: number) => n.toString(16).padStart(64, '0');

/** A log of `n` leaves (from `forkAt` on, other leaves: a log whose operator rewrote its history there). */
const logOf = (n: number, key: string, forkAt = Infinity) => {
  const tree = memoryTree();
  for (let i = 0; i < n; i++) tree.append(hex(i >= forkAt ? i + 1000 : i), i + 1);
  return {
    checkpoint: async (size: number) =>
      signCheckpoint({ origin, size, rootHash: await tree.log.root(size), extensions: [] }, noteSigner(key)),
    proof: (m: number, size: number) => tree.log.consistencyProof(m, size),
  };
};

const running: RunningCli[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});

const start = async (dir: string, logVkey: string): Promise<{ url: string; cli: RunningCli }> => {
  const cli = startCli([
    'witness',
    '--key',
    join(dir, 'witness.key'),
    '--log-key',
    logVkey,
    '--state',
    join(dir, 'state.json'),
    '--listen',
    '127.0.0.1:0',
  ]);
  running.push(cli);
  const [, url] = await cli.waitFor(/listening on (http:\/\/[^ ]+)\/add-checkpoint/);
  return { url: url as string, cli };
};

const add = async (url: string, oldSize: number, proof: readonly string[], checkpoint: string) => {
  const response = await fetch(`${url}/add-checkpoint`, {
    method: 'POST',
    body: formatAddCheckpoint({ oldSize, proof, checkpoint }),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
};

test('redress witness, as a real process: cosigns extensions only, refuses a rewritten log, and keeps its state across a restart', async () => {
  const dir = tempDir();
  const logKey = generateNoteKey(origin);
  const witnessKey = generateNoteKey('witness.example.org/w1');
  writeFileSync(join(dir, 'witness.key'), `${witnessKey.signerKey}\n`, { mode: 0o600 });
  const verifier = cosignatureVerifier(witnessKey.verifierKey);
  const honest = logOf(40, logKey.signerKey);
  const rewritten = logOf(40, logKey.signerKey, 5);

  const first = await start(dir, logKey.verifierKey);
  const cp8 = await honest.checkpoint(8);
  const a = await add(first.url, 0, [], cp8);
  expect(a.status).toBe(200);
  expect(verifyCosignature(`${cp8}${a.body}`, verifier).timestamp).toBeGreaterThan(1_700_000_000);
  expect((await add(first.url, 8, await honest.proof(8, 16), await honest.checkpoint(16))).status).toBe(200);
  // The operator rewrote history from leaf 5: no consistency proof from what the witness saw exists.
  expect((await add(first.url, 16, await rewritten.proof(16, 20), await rewritten.checkpoint(20))).status).toBe(422);
  expect(await add(first.url, 0, [], await rewritten.checkpoint(20))).toEqual({
    status: 409,
    type: 'text/x.tlog.size',
    body: '16\n',
  });
  // Unknown logs and checkpoints not signed by the trusted key get nothing either.
  const stranger = generateNoteKey('other.example/log');
  expect(
    (
      await add(
        first.url,
        0,
        [],
        signCheckpoint(
          { origin: 'other.example/log', size: 1, rootHash: hex(1), extensions: [] },
          noteSigner(stranger.signerKey),
        ),
      )
    ).status,
  ).toBe(404);
  expect((await add(first.url, 16, [], await logOf(16, generateNoteKey(origin).signerKey).checkpoint(16))).status).toBe(
    403,
  );

  first.cli.child.kill('SIGTERM');
  expect(await first.cli.exited).toBe(0);
  expect(existsSync(join(dir, 'state.json.lock'))).toBe(false);
  expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).logs[origin]).toMatchObject({ size: 16 });

  const second = await start(dir, logKey.verifierKey);
  expect(await add(second.url, 0, [], await rewritten.checkpoint(24))).toEqual({
    status: 409,
    type: 'text/x.tlog.size',
    body: '16\n',
  });
  expect((await add(second.url, 16, await rewritten.proof(16, 24), await rewritten.checkpoint(24))).status).toBe(422);
  const cp24 = await honest.checkpoint(24);
  const b = await add(second.url, 16, await honest.proof(16, 24), cp24);
  expect(b.status).toBe(200);
  expect(verifyCosignature(`${cp24}${b.body}`, verifier)).toBeDefined();
  expect(second.cli.stderr()).toMatch(/add-checkpoint 200 complaints\.example\.com\/log 24/);
});
