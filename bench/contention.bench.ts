/**
 * Fifty writers on one complaint (issue 19), on the engine's default retry
 * settings: one engine per writer, as fifty app instances would be, each adding
 * 20 notes in turn. Figures: commands/s against one writer adding the same 1,000
 * notes alone in the same run (the ratio says what contention costs), and each
 * command's p50/p99 latency. PostgreSQL at REDRESS_PG_URL; SQLite on a temporary file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { EventStore } from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import { sqliteStore } from '@redress/store-sqlite';
import { contend, quantile } from '@redress/testing';
import type { Report } from './report';

const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITERS = 50;
const NOTES = 20;

/** 50 writers × 20 notes, then one writer × 1,000 notes on a complaint of its own, in the same stores. */
const measure = async (report: Report, name: string, storeFor: (i: number) => EventStore) => {
  const t0 = performance.now();
  const many = await contend({ writers: WRITERS, notes: NOTES, storeFor, engineOptions: { privacy: 'plaintext' } });
  const manyRate = many.landed / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  const one = await contend({
    writers: 1,
    notes: WRITERS * NOTES,
    storeFor,
    complaintId: 'C-alone',
    engineOptions: { privacy: 'plaintext' },
  });
  const oneRate = one.landed / ((performance.now() - t1) / 1000);
  const failures = Object.entries(many.failures).map(([code, n]) => `${n} ${code}`);
  report({
    name: `contention.${name}.w50`,
    unit: 'commands/s',
    value: manyRate,
    baseline: 'one writer adding the same 1,000 notes alone',
    baselineValue: oneRate,
    ratio: manyRate / oneRate,
    note: failures.length === 0 ? 'no command failed' : `failed: ${failures.join(', ')}`,
  });
  for (const [q, label] of [
    [0.5, 'p50'],
    [0.99, 'p99'],
  ] as const) {
    report({
      name: `contention.${name}.${label}`,
      unit: 'ms',
      value: quantile(many.latenciesMs, q),
      baseline: `${label} of one writer alone`,
      baselineValue: quantile(one.latenciesMs, q),
      note: 'each command, call to result, retries and waits included',
    });
  }
};

export default async (report: Report) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-contention-'));
  const sqlite = Array.from({ length: WRITERS }, () => sqliteStore({ path: join(dir, 'events.db') }));
  try {
    await measure(report, 'sqlite', (i) => sqlite[i] as EventStore);
  } finally {
    for (const store of sqlite) await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const pool = new pg.Pool({ connectionString: PG_URL, max: 10 });
  pool.on('error', () => {});
  const schema = `redress_bench_contention_${randomBytes(4).toString('hex')}`;
  const stores = Array.from({ length: WRITERS }, () => postgresStore({ pool, schema }));
  try {
    await measure(report, 'postgres', (i) => stores[i] as EventStore);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
};
