/**
 * Privacy figures of issue 16: `execute.memory.private` (commands/s through the
 * engine with personal data encrypted, against the same commands with
 * `privacy: 'plaintext'`) and `replay.sqlite.private` (events/s loading
 * complaints from a SQLite file and decrypting their personal fields, against the
 * same loads of the same file by an engine without keys). Ours and the baseline
 * take turns step by step (one lifecycle, one slice of loads), each timed on its
 * own and summed per round, best round counts: on a shared machine both see the
 * same load, not one a quiet second and the other a busy one.
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
import type { Report } from './report';

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
const ROUNDS = 5;

/**
 * The best total time (ms) over `rounds` of ours and of the baseline, taking
 * turns at each of `steps` steps (who goes first alternates), so that a spell
 * of load on the machine falls on both alike.
 */
const takingTurns = async (
  rounds: number,
  steps: number,
  setup: () => Promise<{ ours: (step: number) => Promise<void>; base: (step: number) => Promise<void> }>,
): Promise<{ oursMs: number; baseMs: number }> => {
  let oursMs = Number.POSITIVE_INFINITY;
  let baseMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const { ours, base } = await setup();
    let oursSum = 0;
    let baseSum = 0;
    for (let step = 0; step < steps; step++) {
      const timed = async (work: (step: number) => Promise<void>) => {
        const t0 = performance.now();
        await work(step);
        return performance.now() - t0;
      };
      if ((step + round) % 2 === 0) {
        oursSum += await timed(ours);
        baseSum += await timed(base);
      } else {
        baseSum += await timed(base);
        oursSum += await timed(ours);
      }
    }
    oursMs = Math.min(oursMs, oursSum);
    baseMs = Math.min(baseMs, baseSum);
  }
  return { oursMs, baseMs };
};

export default async (report: Report) => {
  // execute.memory.private: the same lifecycles, encrypted and in clear, taking turns one lifecycle at a time.
  const complaints = 400;
  const engineWith = (privacy: EngineOptions['privacy']) =>
    createEngine({ store: memoryStore(), ids: sequentialIds(), ...(privacy === undefined ? {} : { privacy }) });
  // Fresh engines each round: the private one makes (and wraps) a key for every complaint, as in use.
  const { oursMs: privateMs, baseMs: plainMs } = await takingTurns(ROUNDS, complaints, async () => {
    const ours = engineWith({ keys: subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() }) });
    const base = engineWith('plaintext');
    return {
      ours: async () => void (await lifecycle(ours)),
      base: async () => void (await lifecycle(base)),
    };
  });
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
    // Slices of 50 complaints: ours loads a slice, then the baseline loads the same slice.
    const slice = 50;
    const { oursMs, baseMs } = await takingTurns(ROUNDS, Math.ceil(ids.length / slice), async () => {
      const loadAll = (engine: Engine) => async (step: number) => {
        for (const id of ids.slice(step * slice, (step + 1) * slice)) await engine.load(id);
      };
      return { ours: loadAll(withKeys), base: loadAll(keyless) };
    });
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
