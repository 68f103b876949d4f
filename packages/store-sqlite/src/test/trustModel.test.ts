import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import {
  canonicalJson,
  checkpointer,
  createEngine,
  generateNoteKey,
  hashEvent,
  isRedressError,
  memoryCheckpointTable,
  noteSigner,
  noteVerifier,
  storeSink,
  verifyTrusted,
  type Engine,
  type RecordedEvent,
} from '@redress/core';
import { exampleActors } from '@redress/testing';
import { afterAll, expect } from 'vitest';
import { sqliteStore, type SqliteStore } from '../sqliteStore';
import { tempFiles } from './tempFile';

const file = tempFiles();
const origin = 'model.example.com/log';
const key = generateNoteKey(origin);
const verifier = noteVerifier(key.verifierKey);
const agent = exampleActors.agent;
/** The cases the runs reached, so that the property cannot pass by never meeting one. */
const seen = new Set<string>();
afterAll(() => {
  for (const c of ['clean', 'edit', 'edit, no checkpoint', 'rewrite covered', 'rewrite uncovered'])
    expect(seen).toContain(c);
});

/** What was done to the file, as the model knows it. */
type Tamper =
  | { readonly kind: 'edit'; readonly streamId: string; readonly version: number; readonly position: number }
  | { readonly kind: 'rewrite'; readonly streamId: string; readonly version: number; readonly position: number };

/**
 * The model: the events each complaint has, in the global order they were
 * appended; the size of the last checkpoint signed; and the one tampering, if
 * any. From it alone each check predicts what verification finds.
 */
interface Model {
  readonly log: { streamId: string; version: number; type: string }[];
  readonly versions: Map<string, number>;
  checkpoint: number | undefined;
  tamper: Tamper | undefined;
}

/** Two app instances (their own store object and engine) on one SQLite file, the signer, the last checkpoint. */
interface Real {
  readonly path: string;
  readonly stores: readonly SqliteStore[];
  readonly engines: readonly Engine[];
  readonly sign: () => Promise<string | undefined>;
  note: string | undefined;
}

type Step = fc.AsyncCommand<Model, Real>;

class Receive implements Step {
  constructor(readonly by: number) {}
  check = (m: Readonly<Model>) => m.tamper === undefined;
  async run(m: Model, r: Real) {
    const id = `C-${m.versions.size + 1}`;
    await r.engines[this.by]!.execute({
      type: 'receive',
      complaintId: id,
      actor: agent,
      channel: 'web',
      category: 'service',
      complainant: { name: 'Wang Fang' },
      summary: 'Late delivery',
    });
    // A receive records the complaint and its acknowledgement.
    m.log.push(
      { streamId: id, version: 1, type: 'ComplaintReceived' },
      { streamId: id, version: 2, type: 'ComplaintAcknowledged' },
    );
    m.versions.set(id, 2);
  }
  toString = () => `receive by engine ${this.by}`;
}

class AddNote implements Step {
  constructor(
    readonly by: number,
    readonly pick: number,
  ) {}
  check = (m: Readonly<Model>) => m.tamper === undefined && m.versions.size > 0;
  async run(m: Model, r: Real) {
    const ids = [...m.versions.keys()];
    const id = ids[this.pick % ids.length] as string;
    await r.engines[this.by]!.execute({ type: 'addNote', complaintId: id, actor: agent, text: `note ${m.log.length}` });
    const version = (m.versions.get(id) as number) + 1;
    m.versions.set(id, version);
    m.log.push({ streamId: id, version, type: 'NoteAdded' });
  }
  toString = () => `addNote by engine ${this.by} on complaint #${this.pick}`;
}

class Checkpoint implements Step {
  check = (m: Readonly<Model>) => m.tamper === undefined && m.log.length > 0;
  async run(m: Model, r: Real) {
    const note = await r.sign();
    if (m.checkpoint === m.log.length) expect(note).toBeUndefined();
    else {
      expect(note).toBeDefined();
      r.note = note;
      m.checkpoint = m.log.length;
    }
  }
  toString = () => 'checkpoint';
}

/** The rows of one complaint, as stored. */
const rowsOf = (db: Database.Database, streamId: string) =>
  (
    db.prepare('SELECT position, body FROM events WHERE stream_id = ? ORDER BY version').all(streamId) as {
      position: number;
      body: string;
    }[]
  ).map((row) => ({ position: row.position, event: JSON.parse(row.body) as RecordedEvent }));

class Tampering implements Step {
  constructor(
    readonly kind: Tamper['kind'],
    readonly pick: number,
  ) {}
  check = (m: Readonly<Model>) => m.tamper === undefined && m.log.some((e) => e.type === 'NoteAdded');
  async run(m: Model, r: Real) {
    const notes = m.log.map((e, i) => ({ ...e, position: i + 1 })).filter((e) => e.type === 'NoteAdded');
    const target = notes[this.pick % notes.length] as (typeof notes)[number];
    const db = new Database(r.path);
    try {
      const rows = rowsOf(db, target.streamId);
      const put = db.prepare('UPDATE events SET body = ? WHERE stream_id = ? AND version = ?');
      if (this.kind === 'edit') {
        const row = rows[target.version - 1]!;
        put.run(canonicalJson({ ...row.event, data: { text: 'rewritten by hand' } }), target.streamId, target.version);
      } else {
        // Changed and every later event of the complaint re-hashed and re-linked, as a forger with write access does.
        let prevHash = rows[target.version - 2]!.event.hash;
        for (const row of rows.slice(target.version - 1)) {
          const changed =
            row.event.version === target.version ? { ...row.event, data: { text: 'rewritten by hand' } } : row.event;
          const unhashed = { ...changed, prevHash } as RecordedEvent;
          const event = { ...unhashed, hash: hashEvent(unhashed) };
          put.run(canonicalJson(event), target.streamId, event.version);
          prevHash = event.hash;
        }
      }
    } finally {
      db.close();
    }
    m.tamper = { kind: this.kind, streamId: target.streamId, version: target.version, position: target.position };
  }
  toString = () => `${this.kind} note #${this.pick}`;
}

/** Verify: the model says what `verifyTrusted`, `engine.verify` and a fresh load find. */
class Verify implements Step {
  check = () => true;
  async run(m: Model, r: Real) {
    const store = r.stores[0] as SqliteStore;
    const t = m.tamper;
    seen.add(
      t === undefined
        ? 'clean'
        : r.note === undefined
          ? `${t.kind}, no checkpoint`
          : t.kind === 'edit'
            ? 'edit'
            : `rewrite ${t.position <= (m.checkpoint as number) ? 'covered' : 'uncovered'}`,
    );
    if (r.note !== undefined) {
      const result = await verifyTrusted({ store, checkpoint: r.note, verifier });
      const kinds = result.findings.map((f) => f.kind);
      if (t === undefined) expect(result, JSON.stringify(result.findings)).toMatchObject({ ok: true, findings: [] });
      else if (t.kind === 'edit') {
        // Changed in place: its hash gives it away, covered by the checkpoint or not.
        expect(result.ok).toBe(false);
        expect(result.findings).toContainEqual(
          expect.objectContaining({ kind: 'edited', streamId: t.streamId, version: t.version, position: t.position }),
        );
      } else {
        expect(result.ok).toBe(false);
        const covered = t.position <= (m.checkpoint as number);
        // Re-hashed: only the checkpoint's root tells a covered rewrite; the store's own tree tells the rest.
        if (covered) expect(kinds).toContain('rewritten');
        else expect(kinds).not.toContain('rewritten');
        expect(kinds).toContain('tree');
      }
    }
    if (t === undefined) return;
    // Without a checkpoint: the hash chain finds an edit in place, and cannot find a re-hashed rewrite.
    const fresh = createEngine({ store: sqliteStore({ path: r.path }) });
    const check = await fresh.verify(t.streamId);
    const loaded = await fresh.load(t.streamId).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (t.kind === 'edit') {
      expect(check).toMatchObject({ ok: false, version: t.version });
      expect(isRedressError(loaded, 'TAMPERED')).toBe(true);
    } else {
      expect(check.ok).toBe(true);
      expect(loaded).toBeUndefined();
    }
  }
  toString = () => 'verify';
}

const steps = [
  fc.integer({ min: 0, max: 1 }).map((by) => new Receive(by)),
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.nat()).map(([by, pick]) => new AddNote(by, pick)),
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.nat()).map(([by, pick]) => new AddNote(by, pick)),
  fc.constant(new Checkpoint()),
  fc.tuple(fc.constantFrom('edit' as const, 'rewrite' as const), fc.nat()).map(([k, pick]) => new Tampering(k, pick)),
  fc.constant(new Verify()),
];

test.prop([fc.commands(steps, { maxCommands: 30, size: '+1' })], { numRuns: 120 })(
  'appends by two engines on one file, checkpoints and one tampering: verification finds what the model says, and names it',
  async (commands) => {
    const path = file();
    const stores = [0, 1].map(() => sqliteStore({ path, durability: 'process-crash-safe' }));
    const engines = stores.map((store) => createEngine({ store }));
    const table = memoryCheckpointTable();
    const signer = checkpointer({
      store: stores[1] as SqliteStore,
      signer: noteSigner(key.signerKey),
      every: { events: 1 },
      sinks: [storeSink(table)],
    });
    const real: Real = {
      path,
      stores,
      engines,
      note: undefined,
      sign: async () => (await signer.checkpoint())?.checkpoint.note,
    };
    const model: Model = { log: [], versions: new Map(), checkpoint: undefined, tamper: undefined };
    try {
      // Every run ends with a verify, so that each one checks what it built.
      await fc.asyncModelRun(() => ({ model, real }), [...commands, new Verify()]);
    } finally {
      for (const s of stores) await s.close();
    }
  },
);
