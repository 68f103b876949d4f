/**
 * The 10,000,000-event PostgreSQL log of `scale.bench.ts`, made once in a
 * database of its own and reused: valid Redress events, each complaint a copy of
 * a lifecycle the engine recorded, with its own ids and its own hash chain.
 *
 * The engine records the templates on a memory store, with ids that carry a
 * token where a complaint's number goes. SQL then writes each complaint from its
 * template: the token replaced by the complaint's number in hex, the chain
 * hashed version by version in a recursive query (`sha256` of the previous hash
 * and the event's canonical JSON, as `hashEvent` does), the body in the store's
 * own field order. A marker row, written last, says the log is complete; a log
 * without it, or of another size or template, is made again.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  GENESIS_HASH,
  businessCalendar,
  createEngine,
  deadlinePolicy,
  hashedContent,
  memoryStore,
  type Actor,
  type Engine,
  type RecordedEvent,
} from '@redress/core';
import { postgresStore } from '@redress/store-postgres';

/** Where a complaint's number goes in the templates' ids (8 hex digits in the log). */
const TOKEN = 'QQQQQQQQ';
const PREV = 'P'.repeat(64);
const HASH = 'H'.repeat(64);
/** The store's schema inside the log's database. */
export const SCALE_SCHEMA = 'redress';
const MARKER = 'public.scale_log_complete';
/** Complaints per INSERT: a chunk's rows are sorted in memory, then written in position order. */
const CHUNK_CYCLES = 400;

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const sup: Actor = { id: 'sup-1', role: 'supervisor' };
const sup2: Actor = { id: 'sup-2', role: 'supervisor' };
const CATEGORIES = ['quality', 'service', 'billing'] as const;
const DEPARTMENTS = ['quality-control', 'customer-care'] as const;
const SHAPES = ['resolved', 'refused', 'rejected', 'withdrawn', 'open'] as const;

/**
 * Lifecycles recorded by the engine, one per month of 2026 × shape (resolved,
 * resolved after a refusal, rejected, withdrawn, still open), categories and
 * departments taking turns: 60 templates, 9 events each on average.
 */
export const templates = async (): Promise<RecordedEvent[][]> => {
  let counter = 0;
  const hex = () => (++counter).toString(16).padStart(12, '0');
  let t = 0;
  const engine: Engine = createEngine({
    store: memoryStore(),
    privacy: 'plaintext',
    ids: { eventId: () => `${TOKEN}-0000-7000-8000-${hex()}`, complaintId: () => `C-${TOKEN}-0000-7000-8000-${hex()}` },
    clock: () => new Date((t += 1_800_000)),
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'Asia/Shanghai' }),
      rules: { decide: { within: { businessDays: 2 } }, resolve: { within: { businessDays: 10 } } },
    }),
  });
  const out: RecordedEvent[][] = [];
  for (let month = 0; month < 12; month++) {
    for (const [s, shape] of SHAPES.entries()) {
      const k = month * SHAPES.length + s;
      t = Date.UTC(2026, month, 3 + s, 1);
      const department = DEPARTMENTS[k % DEPARTMENTS.length] as string;
      const dept: Actor = { id: `${department}-1`, role: 'department', department };
      const { complaintId } = await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'hotline',
        category: CATEGORIES[k % CATEGORIES.length] as string,
        complainant: { name: '王芳', phone: '+86 138 0000 0000' },
        summary: '水壶漏水，客户要求更换 — kettle leaks after two days',
      });
      const run = (cmd: Record<string, unknown>) => engine.execute({ complaintId, ...cmd } as never);
      if (shape === 'withdrawn') await run({ type: 'withdraw', actor: agent, reason: 'Solved itself' });
      else if (shape === 'rejected') await run({ type: 'reject', actor: handler, reason: 'Outside warranty' });
      else {
        await run({ type: 'accept', actor: handler, department, priority: 'high' });
        await run({ type: 'addNote', actor: handler, text: 'Customer called again' });
        if (shape !== 'open') {
          await run({
            type: 'recordInvestigation',
            actor: dept,
            rootCause: 'Faulty seal',
            responsibleParty: 'supplier',
          });
          for (const accepted of shape === 'refused' ? [false, true] : [true]) {
            const p = await run({
              type: 'proposeRemedy',
              actor: dept,
              remedy: { description: 'Replace', compensation: { amount: 6000, currency: 'CNY' } },
            });
            await run({ type: 'approveRemedy', actor: sup, proposalId: p.proposalId });
            await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'Shipped' });
            await run({ type: 'recordCustomerResponse', actor: agent, accepted });
          }
          await run({ type: 'review', actor: sup2, summary: 'Supplier changed', classification: 'product-defect' });
          await run({ type: 'recordFollowUp', actor: agent, satisfaction: 3 + (k % 3) });
        }
      }
      out.push((await engine.history(complaintId)).map(({ position: _p, ...e }) => e as RecordedEvent));
    }
  }
  return out;
};

/** The event as the PostgreSQL store writes it: its fields in the store's order (see appendEvents.ts). */
export const storedBody = (e: RecordedEvent): string =>
  JSON.stringify({
    id: e.id,
    streamId: e.streamId,
    version: e.version,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    actor: e.actor,
    occurredAt: e.occurredAt,
    correlationId: e.correlationId,
    causationId: e.causationId,
    commandId: e.commandId,
    prevHash: e.prevHash,
    hash: e.hash,
  });

const count = (text: string, part: string) => text.split(part).length - 1;

/** One template row per event: the canonical text the hash covers and the stored body, with placeholders. */
const templateRows = (shapes: readonly RecordedEvent[][]) =>
  shapes.flatMap((shape, k) =>
    shape.map((e) => {
      const canon = hashedContent({ ...e, prevHash: PREV });
      const body = storedBody({ ...e, prevHash: PREV, hash: HASH });
      // The placeholders must stand only where they are meant to, or the SQL would write other text.
      if (count(canon, PREV) !== 1 || count(body, PREV) !== 1 || count(body, HASH) !== 1)
        throw new Error(`template ${k} v${e.version}: a placeholder occurs where it should not`);
      if (count(canon, TOKEN) !== count(body, TOKEN) || !e.streamId.includes(TOKEN) || !e.id.includes(TOKEN))
        throw new Error(`template ${k} v${e.version}: the ids do not all carry the token`);
      return { k, v: e.version, e, canon, body };
    }),
  );

/** The events of complaint `n` as the log must hold them: the template's, with `n`'s ids and chain. */
export const expectedComplaint = (shapes: readonly RecordedEvent[][], n: number): string[] => {
  const tok = n.toString(16).padStart(8, '0');
  let prevHash = GENESIS_HASH;
  return (shapes[n % shapes.length] as RecordedEvent[]).map((e) => {
    const unhashed = JSON.parse(JSON.stringify({ ...e, prevHash }).replaceAll(TOKEN, tok)) as RecordedEvent;
    const hash = createHash('sha256')
      .update(prevHash + hashedContent(unhashed))
      .digest('hex');
    prevHash = hash;
    return storedBody({ ...unhashed, hash });
  });
};

/** The log's shape: complaints cycle through the templates, each cycle's events in a row. */
export const layout = (shapes: readonly RecordedEvent[][], total: number) => {
  const cycle = shapes.reduce((a, s) => a + s.length, 0);
  const starts = shapes.map((_, k) => shapes.slice(0, k).reduce((a, s) => a + s.length, 0));
  // The complaints with at least one event in the log: the last may be cut short, a prefix of its chain.
  const rest = (total - 1) % cycle;
  const inLast = starts.filter((start) => start <= rest).length;
  return { cycle, starts, complaints: Math.floor((total - 1) / cycle) * shapes.length + inLast };
};

const digestOf = (rows: ReturnType<typeof templateRows>) =>
  createHash('sha256')
    .update(JSON.stringify(rows.map((r) => [r.k, r.v, r.canon, r.body])))
    .digest('hex');

/** The URL of the log's database, on the server of `adminUrl`. */
export const scaleUrl = (adminUrl: string, database: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

/**
 * Make sure the database `database` holds the complete log of `total` events;
 * returns how long making it took (undefined when it was there and complete).
 */
export const ensureScaleLog = async (
  adminUrl: string,
  database: string,
  total: number,
): Promise<{ buildSeconds: number | undefined; complaints: number; shapes: RecordedEvent[][] }> => {
  const shapes = await templates();
  const rows = templateRows(shapes);
  const digest = digestOf(rows);
  const { cycle, starts, complaints } = layout(shapes, total);

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }

  const url = scaleUrl(adminUrl, database);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${MARKER} (events bigint NOT NULL, template text NOT NULL)`);
    const marker = await pool.query<{ events: string; template: string }>(`SELECT events, template FROM ${MARKER}`);
    if (marker.rows.length === 1 && Number(marker.rows[0]!.events) === total && marker.rows[0]!.template === digest) {
      const { rows: c } = await pool.query<{ n: string; last: string | null }>(
        `SELECT count(*) AS n, max(position) AS last FROM "${SCALE_SCHEMA}".events`,
      );
      if (Number(c[0]!.n) === total && Number(c[0]!.last) === total) {
        // A log made by an earlier release gets what this one adds to the schema (additive, once),
        // here rather than in a timed read.
        await postgresStore({ pool, schema: SCALE_SCHEMA }).checkpoints.get('scale');
        return { buildSeconds: undefined, complaints, shapes };
      }
    }

    const t0 = performance.now();
    await pool.query(`DELETE FROM ${MARKER}`);
    await pool.query(`DROP SCHEMA IF EXISTS "${SCALE_SCHEMA}" CASCADE`);
    await pool.query('DROP TABLE IF EXISTS public.scale_template');
    const store = postgresStore({ pool, schema: SCALE_SCHEMA });
    await store.checkpoints.get('create');
    const s = `"${SCALE_SCHEMA}"`;
    // Loading is not what is measured, and reading an unlogged table costs the same; a crash empties it,
    // and the count check then has it made again.
    await pool.query(`ALTER TABLE ${s}.events SET UNLOGGED`);
    await pool.query(`CREATE UNLOGGED TABLE public.scale_template (
      k int, v int, event_id text, stream_id text, type text, schema_version int, occurred_at timestamptz,
      canon text, body text, start int, PRIMARY KEY (k, v))`);
    await pool.query(
      `INSERT INTO public.scale_template
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::text[], $9::text[], $10::int[])`,
      [
        rows.map((r) => r.k),
        rows.map((r) => r.v),
        rows.map((r) => r.e.id),
        rows.map((r) => r.e.streamId),
        rows.map((r) => r.e.type),
        rows.map((r) => r.e.schemaVersion),
        rows.map((r) => r.e.occurredAt),
        rows.map((r) => r.canon),
        rows.map((r) => r.body),
        rows.map((r) => starts[r.k] as number),
      ],
    );
    const K = shapes.length;
    // Complaints `first` to `last`: the chain hashed level by level (each level joins the
    // template's next version), then the rows sorted by position and written in that order.
    // tx_id 0: written before any transaction now running, so readAll hands the rows out even
    // while another database's long transaction holds the server's oldest snapshot back.
    const chunkSql = `WITH RECURSIVE c(n, k, v, prev, h) AS (
        SELECT g, t.k, 1, '${GENESIS_HASH}'::text,
          encode(sha256(convert_to('${GENESIS_HASH}' || replace(replace(t.canon, '${TOKEN}', lpad(to_hex(g), 8, '0')), '${PREV}', '${GENESIS_HASH}'), 'UTF8')), 'hex')
        FROM generate_series($1::int, $2::int) g JOIN public.scale_template t ON t.k = g % ${K} AND t.v = 1
        UNION ALL
        SELECT c.n, c.k, c.v + 1, c.h,
          encode(sha256(convert_to(c.h || replace(replace(t.canon, '${TOKEN}', lpad(to_hex(c.n), 8, '0')), '${PREV}', c.h), 'UTF8')), 'hex')
        FROM c JOIN public.scale_template t ON t.k = c.k AND t.v = c.v + 1
      )
      INSERT INTO ${s}.events (position, tx_id, stream_id, version, event_id, type, schema_version, occurred_at, event)
      SELECT (c.n / ${K})::bigint * ${cycle} + t.start + c.v AS position, '0'::xid8,
        replace(t.stream_id, '${TOKEN}', tok), c.v, replace(t.event_id, '${TOKEN}', tok), t.type, t.schema_version, t.occurred_at,
        replace(replace(replace(t.body, '${TOKEN}', tok), '${PREV}', c.prev), '${HASH}', c.h)::json
      FROM c JOIN public.scale_template t ON t.k = c.k AND t.v = c.v, LATERAL (SELECT lpad(to_hex(c.n), 8, '0') AS tok) x
      WHERE (c.n / ${K})::bigint * ${cycle} + t.start + c.v <= $3
      ORDER BY position`;
    const chunk = CHUNK_CYCLES * K;
    let next = 0;
    // Two connections take chunks in turn: hashing and JSON input are CPU work on the server.
    await Promise.all(
      [0, 1].map(async () => {
        const client = await pool.connect();
        try {
          await client.query(`SET work_mem = '256MB'`);
          while (next < complaints) {
            const first = next;
            next += chunk;
            await client.query(chunkSql, [first, Math.min(first + chunk, complaints) - 1, total]);
          }
        } finally {
          client.release();
        }
      }),
    );
    await pool.query(`SELECT setval('${s}.position_seq', $1)`, [total]);
    await pool.query(`ANALYZE ${s}.events`);
    const { rows: c } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.events`);
    if (Number(c[0]!.n) !== total) throw new Error(`the log holds ${c[0]!.n} events, expected ${total}`);
    // Written last: its presence says every row above is there.
    await pool.query(`INSERT INTO ${MARKER} (events, template) VALUES ($1, $2)`, [total, digest]);
    return { buildSeconds: (performance.now() - t0) / 1000, complaints, shapes };
  } finally {
    await pool.end();
  }
};

/**
 * Compare the stored rows of complaints `ns` with what they must be, computed
 * here in JavaScript (ids, chain, field order): throws on the first difference.
 */
export const checkSample = async (
  url: string,
  shapes: readonly RecordedEvent[][],
  ns: readonly number[],
  total: number,
) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { cycle, starts } = layout(shapes, total);
    for (const n of ns) {
      const expected = expectedComplaint(shapes, n);
      const from = Math.floor(n / shapes.length) * cycle + (starts[n % shapes.length] as number) + 1;
      const { rows } = await client.query<{ position: string; event: string }>({
        text: `SELECT position, event::text AS event FROM "${SCALE_SCHEMA}".events WHERE position >= $1 AND position < $2 ORDER BY position`,
        values: [from, Math.min(from + expected.length, total + 1)],
      });
      rows.forEach((row, i) => {
        if (row.event !== expected[i])
          throw new Error(`complaint ${n} v${i + 1} (position ${row.position}) is not the event expected`);
      });
      if (rows.length === 0) throw new Error(`complaint ${n} is missing`);
    }
  } finally {
    await client.end();
  }
};
