/**
 * Privacy figures of issue 16: `execute.memory.private` (commands/s through the
 * engine with personal data encrypted, against the same commands with
 * `privacy: 'plaintext'`) and `replay.sqlite.private` (events/s loading
 * complaints from a SQLite file and decrypting their personal fields, against the
 * same loads of the same file by an engine without keys). Ours and the baseline
 * take turns, best round counts, so both see the same machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEngine,
  ephemeralKek,
  memoryKeyStore,
  memoryStore,
  secretKek,
  sequentialIds,
  subjectKeys,
  type Actor,
  type Engine,
  type EngineOptions,
} from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { bestOf, type Report } from './report';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const dept: Actor = { id: 'qc-1', role: 'department', department: 'quality-control' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

/** One complaint through every stage with notes and comments: 17 commands, 18 events. */
const lifecycle = async (engine: Engine) => {
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳', phone: '+86 138 0000 0000', email: 'wang.fang@example.com' },
    summary: 'Kettle leaks after two days',
    desiredRemedy: 'replacement',
  });
  const run = (cmd: Record<string, unknown>) => engine.execute({ complaintId, ...cmd } as never);
  await run({ type: 'accept', actor: handler, department: 'quality-control', priority: 'high' });
  await run({ type: 'addNote', actor: handler, text: 'Customer called again' });
  await run({ type: 'recordInvestigation', actor: dept, rootCause: 'Seal', responsibleParty: 'supplier' });
  const p1 = await run({ type: 'proposeRemedy', actor: dept, remedy: { description: 'Repair' } });
  await run({ type: 'approveRemedy', actor: supervisor, proposalId: p1.proposalId });
  await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'Repaired' });
  await run({ type: 'recordCustomerResponse', actor: agent, accepted: false, comment: '还是漏水' });
  await run({ type: 'escalate', actor: agent, reason: 'Customer unhappy' });
  const p2 = await run({ type: 'proposeRemedy', actor: dept, remedy: { description: 'Replace' } });
  await run({ type: 'approveRemedy', actor: supervisor, proposalId: p2.proposalId });
  await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'Replaced' });
  await run({ type: 'addNote', actor: agent, text: 'Delivered' });
  await run({ type: 'recordCustomerResponse', actor: agent, accepted: true, comment: '满意' });
  await run({ type: 'addNote', actor: supervisor, text: 'Ready for review' });
  await run({ type: 'review', actor: supervisor, summary: 'Done', classification: 'product-defect' });
  await run({ type: 'recordFollowUp', actor: agent, satisfaction: 4, comment: 'Thanks' });
  return complaintId;
};
const COMMANDS = 17;
const ROUNDS = 3;

export default async (report: Report) => {
  // execute.memory.private: the same lifecycles, encrypted and in clear, in alternating rounds.
  const complaints = 400;
  const engineWith = (privacy: EngineOptions['privacy']) =>
    createEngine({ store: memoryStore(), ids: sequentialIds(), ...(privacy === undefined ? {} : { privacy }) });
  let privateMs = Number.POSITIVE_INFINITY;
  let plainMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    privateMs = Math.min(
      privateMs,
      await bestOf(1, async () => {
        const keys = subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
        const engine = engineWith({ keys });
        for (let i = 0; i < complaints; i++) await lifecycle(engine);
      }),
    );
    plainMs = Math.min(
      plainMs,
      await bestOf(1, async () => {
        const engine = engineWith('plaintext');
        for (let i = 0; i < complaints; i++) await lifecycle(engine);
      }),
    );
  }
  const ours = (complaints * COMMANDS) / (privateMs / 1000);
  const base = (complaints * COMMANDS) / (plainMs / 1000);
  report({
    name: 'execute.memory.private',
    unit: 'commands/s',
    value: ours,
    baseline: "the same commands, privacy: 'plaintext'",
    baselineValue: base,
    ratio: ours / base,
    note: 'target ratio >= 0.7',
  });

  // replay.sqlite.private: loading every complaint of one SQLite file, decrypting, or without keys.
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-private-'));
  try {
    const path = join(dir, 'complaints.db');
    const kek = secretKek(randomBytes(32));
    const keyStore = sqliteKeyStore({ path: keyFileBeside(path) });
    const store = sqliteStore({ path });
    const writer = createEngine({ store, privacy: { keys: subjectKeys({ store: keyStore, kek }) } });
    const ids: string[] = [];
    for (let i = 0; i < 1500; i++) ids.push(await lifecycle(writer));
    const total = ids.length * (COMMANDS + 1);
    const withKeys = createEngine({ store, cacheSize: 0, privacy: { keys: subjectKeys({ store: keyStore, kek }) } });
    const keyless = createEngine({ store, cacheSize: 0, privacy: 'plaintext' });
    let oursMs = Number.POSITIVE_INFINITY;
    let baseMs = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS + 2; round++) {
      oursMs = Math.min(
        oursMs,
        await bestOf(1, async () => {
          for (const id of ids) await withKeys.load(id);
        }),
      );
      baseMs = Math.min(
        baseMs,
        await bestOf(1, async () => {
          for (const id of ids) await keyless.load(id);
        }),
      );
    }
    const replayed = total / (oursMs / 1000);
    const plain = total / (baseMs / 1000);
    report({
      name: 'replay.sqlite.private',
      unit: 'events/s',
      value: replayed,
      baseline: 'the same loads without keys',
      baselineValue: plain,
      ratio: replayed / plain,
      note: 'target ratio >= 0.6',
    });
    await store.close();
    await keyStore.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
