import { test as propTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { exampleLifecycle } from '@redress/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { GENESIS_HASH, hashEvent } from '../audit/hashChain';
import { signCheckpoint } from '../checkpoint/checkpoint';
import { cosignCheckpoint } from '../checkpoint/cosignature';
import { cosignatureVerifier, noteVerifier } from '../checkpoint/noteKeys';
import { cosigner, generateNoteKey, noteSigner } from '../checkpoint/noteSigners';
import type { StoredEvent } from '../domain/envelope';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import { memoryTree } from '../merkle/memoryTree';
import type { MerkleLog } from '../store/eventStore';
import { memoryStore } from '../store/memoryStore';
import { verifyTrusted } from './verifyTrusted';

type Row = StoredEvent & { position: number };
const logKey = generateNoteKey('complaints.example.com/log');
const verifier = noteVerifier(logKey.verifierKey);

/** Three complaints whose events interleave in the global order, as a log shared by many users has them. */
const seed = async (): Promise<Row[]> => {
  const store = memoryStore();
  const engine = createEngine({ store, ids: sequentialIds(), clock: () => new Date('2026-03-02T08:00:00Z') });
  const lives = ['C-1', 'C-2', 'C-3'].map(exampleLifecycle);
  for (let step = 0; step < (lives[0] as unknown[]).length; step++)
    for (const life of lives) await engine.execute(life[step]!);
  const rows: Row[] = [];
  for await (const e of store.readAll()) rows.push(structuredClone(e) as Row);
  return rows;
};

/** A store over these rows, in array order, whose tree was kept over `treeOf` (the rows as written, unless the attacker rebuilt it). */
const storeOf = (
  rows: readonly Row[],
  treeOf: readonly Row[] = rows,
): { readAll(): AsyncIterable<unknown>; merkle: MerkleLog } => {
  const tree = memoryTree();
  for (const r of treeOf) tree.append(r.hash, r.position);
  return {
    async *readAll() {
      yield* rows;
    },
    merkle: tree.log,
  };
};

const sign = async (rows: readonly Row[]) => {
  const tree = memoryTree();
  for (const r of rows) tree.append(r.hash, r.position);
  return signCheckpoint(
    {
      origin: 'complaints.example.com/log',
      size: rows.length,
      rootHash: await tree.log.root(rows.length),
      extensions: [],
    },
    noteSigner(logKey.signerKey),
  );
};

/** A new complaint's first event, appended after these rows. */
const appended = (after: readonly Row[]): Row => {
  const last = after.at(-1) as Row;
  const e = {
    ...structuredClone(last),
    id: 'E-new',
    streamId: 'C-9',
    version: 1,
    prevHash: GENESIS_HASH,
    position: last.position + 1,
  };
  return { ...e, hash: hashEvent(e) } as Row;
};

/** Events of `streamId` from `version` on given new content by `change`, re-linked and re-hashed, as a forger with write access would. */
const forge = (rows: readonly Row[], streamId: string, version: number, change: (e: Row) => void): Row[] => {
  let prev: string | undefined;
  return rows.map((row) => {
    if (row.streamId !== streamId || row.version < version) return row;
    const e = structuredClone(row);
    if (e.version === version) change(e);
    else (e as { prevHash: string }).prevHash = prev as string;
    (e as { hash: string }).hash = hashEvent(e);
    prev = e.hash;
    return e;
  });
};

let rows: Row[];
let checkpoint: string;
beforeAll(async () => {
  rows = await seed();
  checkpoint = await sign(rows);
});

const kinds = (r: { findings: readonly { kind: string }[] }) => r.findings.map((f) => f.kind);

describe('verifyTrusted', () => {
  test('the log as written extends its checkpoint, and so does the log with events appended after it', async () => {
    const ok = await verifyTrusted({ store: storeOf(rows), checkpoint, verifier });
    expect(ok).toMatchObject({
      ok: true,
      events: rows.length,
      complaints: 3,
      agreedThrough: rows.length,
      findings: [],
    });
    const earlier = await sign(rows.slice(0, 20));
    const later = await verifyTrusted({ store: storeOf(rows), checkpoint: earlier, verifier });
    expect(later).toMatchObject({ ok: true, agreedThrough: 20, checkpoint: { size: 20 } });
  });

  test('events appended to the store’s tree while the log is read are a note, not damage', async () => {
    const earlier = await sign(rows.slice(0, 20));
    const result = await verifyTrusted({ store: storeOf(rows.slice(0, -2), rows), checkpoint: earlier, verifier });
    expect(result).toMatchObject({
      ok: true,
      notes: [expect.stringMatching(/2 more leaves than the 40 events read: events appended while the log was read/)],
    });
  });

  test('a compensation changed and its complaint re-hashed from there is named rewritten, at that event', async () => {
    const proposal = rows.find(
      (r) => r.streamId === 'C-2' && r.type === 'RemedyProposed' && 'compensation' in r.data,
    ) as Row;
    const forged = forge(
      rows,
      'C-2',
      proposal.version,
      (e) => ((e.data as { compensation: { amount: number } }).compensation.amount = 5000),
    );
    const result = await verifyTrusted({ store: storeOf(forged, rows), checkpoint, verifier });
    expect(result.ok).toBe(false);
    expect(kinds(result)).toEqual(['rewritten', 'tree']);
    expect(result.findings[0]).toMatchObject({
      streamId: 'C-2',
      version: proposal.version,
      position: proposal.position,
    });
    expect(result.findings[0]?.message).toMatch(/every event gives its own hash and every complaint's chain links up/);
    expect(result.agreedThrough).toBe(proposal.position - 1);
  });

  test('a complaint cut short (its events from v8 deleted) and one deleted whole are named deleted', async () => {
    const cut = rows.filter((r) => !(r.streamId === 'C-2' && r.version >= 8));
    const truncated = await verifyTrusted({ store: storeOf(cut, rows), checkpoint, verifier });
    expect(kinds(truncated)).toEqual(['deleted', 'tree']);
    const firstGone = rows.find((r) => r.streamId === 'C-2' && r.version === 8) as Row;
    expect(truncated.agreedThrough).toBe(firstGone.position - 1);
    expect(truncated.findings[0]?.message).toMatch(
      new RegExp(`holds ${cut.length} events, ${rows.length - cut.length} fewer than the ${rows.length}`),
    );
    const gone = await verifyTrusted({
      store: storeOf(
        rows.filter((r) => r.streamId !== 'C-2'),
        rows,
      ),
      checkpoint,
      verifier,
    });
    expect(kinds(gone)).toEqual(['deleted', 'tree']);
  });

  test('an event deleted and the log appended to since is named deleted too: the next event is proven to be a later one of the checkpoint', async () => {
    const victim = rows.find((r) => r.streamId === 'C-3' && r.version === 5) as Row;
    const extra = appended(rows);
    const doctored = [...rows.filter((r) => r !== victim), extra];
    const result = await verifyTrusted({ store: storeOf(doctored, [...rows, extra]), checkpoint, verifier });
    expect(kinds(result)).toEqual(['gap', 'deleted', 'tree']);
    const next = rows[rows.indexOf(victim) + 1] as Row;
    expect(result.findings[1]).toMatchObject({ streamId: next.streamId, version: next.version });
    expect(result.findings[1]?.message).toMatch(
      `The first event missing lies before ${next.streamId} v${next.version} at position ${next.position}, which the checkpoint has as its event ${next.position}`,
    );
  });

  test('two events of a complaint with their positions swapped are named reordered', async () => {
    const i = rows.findIndex((r) => r.streamId === 'C-2' && r.version === 4);
    const j = rows.findIndex((r) => r.streamId === 'C-2' && r.version === 5);
    const swapped = [...rows];
    swapped[i] = { ...(rows[j] as Row), position: (rows[i] as Row).position };
    swapped[j] = { ...(rows[i] as Row), position: (rows[j] as Row).position };
    const result = await verifyTrusted({ store: storeOf(swapped, rows), checkpoint, verifier });
    expect(kinds(result)).toEqual(['reordered', 'tree']);
    expect(result.findings[0]).toMatchObject({ streamId: 'C-2', version: 4, position: (rows[j] as Row).position });
  });

  test('an event changed in place is named edited; the tree, over the stored hashes, still agrees', async () => {
    const edited = rows.map((r) =>
      r.streamId === 'C-1' && r.version === 3 ? { ...r, data: { ...r.data, rootCause: 'Customer misuse' } } : r,
    ) as Row[];
    const result = await verifyTrusted({ store: storeOf(edited), checkpoint, verifier });
    expect(kinds(result)).toEqual(['edited']);
    expect(result.findings[0]).toMatchObject({ streamId: 'C-1', version: 3 });
    expect(result.agreedThrough).toBe(rows.length);
  });

  test('a forger who rebuilds the store’s tree too is still found, and no place is claimed from that tree', async () => {
    const forged = forge(rows, 'C-1', 2, (e) => ((e.data as { priority: string }).priority = 'low'));
    const result = await verifyTrusted({ store: storeOf(forged), checkpoint, verifier });
    expect(kinds(result)).toEqual(['rewritten']);
    expect(result.findings[0]?.streamId).toBeUndefined();
    expect(result.agreedThrough).toBe(0);
  });

  test('without a tree of the store’s own, a rewrite is found but not located', async () => {
    const forged = forge(rows, 'C-3', 3, (e) => ((e.data as { rootCause: string }).rootCause = 'Customer misuse'));
    const result = await verifyTrusted({ store: { readAll: storeOf(forged).readAll }, checkpoint, verifier });
    expect(kinds(result)).toEqual(['rewritten']);
    expect(result.findings[0]?.message).toMatch(/cannot be told without the store's Merkle tree/);
  });

  test('a record that is not an event, and a store that stops reading, are named', async () => {
    const broken = [...rows.slice(0, 5), { position: 6, note: 'not an event' } as unknown as Row, ...rows.slice(6)];
    expect(kinds(await verifyTrusted({ store: storeOf(broken, rows), checkpoint, verifier }))[0]).toBe('malformed');
    const stops = {
      async *readAll() {
        yield* rows.slice(0, 3);
        throw new (await import('../errors/redressError')).RedressError(
          'TAMPERED',
          'Stored event C-1 v2 (position 4) fails its check',
        );
      },
    };
    const result = await verifyTrusted({ store: stops, checkpoint, verifier });
    expect(kinds(result)).toEqual(['unreadable', 'deleted']);
    expect(result.findings[0]?.message).toMatch(/stopped reading after 3 events: Stored event C-1 v2/);
  });

  test('a checkpoint cosigned by the witnesses asked for gives their times; one not signed by the log’s key, or not cosigned, throws', async () => {
    const witness = generateNoteKey('witness.example.org/w1');
    const cosigned = cosignCheckpoint(checkpoint, cosigner(witness.signerKey), 1_767_225_600).note;
    const result = await verifyTrusted({
      store: storeOf(rows),
      checkpoint: cosigned,
      verifier,
      witnesses: [cosignatureVerifier(witness.verifierKey)],
    });
    expect(result.cosignatures).toEqual([{ witness: 'witness.example.org/w1', timestamp: 1_767_225_600 }]);
    const refusal = async (work: Promise<unknown>) =>
      work.then(
        () => undefined,
        (e: unknown) => (isRedressError(e) ? e.code : 'other'),
      );
    expect(
      await refusal(
        verifyTrusted({
          store: storeOf(rows),
          checkpoint,
          verifier,
          witnesses: [cosignatureVerifier(witness.verifierKey)],
        }),
      ),
    ).toBe('VALIDATION');
    expect(
      await refusal(
        verifyTrusted({
          store: storeOf(rows),
          checkpoint,
          verifier: noteVerifier(generateNoteKey('complaints.example.com/log').verifierKey),
        }),
      ),
    ).toBe('VALIDATION');
  });
});

describe('verifyTrusted, as a rule', () => {
  const cases = fc.record({ at: fc.nat(), kind: fc.constantFrom('delete', 'rewrite', 'append') });
  propTest.prop([cases], { numRuns: 25 })(
    'any event deleted or rewritten under the checkpoint is found; events appended after it are not damage',
    async ({ at, kind }) => {
      const victim = rows[at % rows.length] as Row;
      if (kind === 'append') {
        const more = [...rows, appended(rows)];
        expect((await verifyTrusted({ store: storeOf(more), checkpoint, verifier })).ok).toBe(true);
        return;
      }
      const doctored =
        kind === 'delete'
          ? rows.filter((r) => r !== victim)
          : forge(
              rows,
              victim.streamId,
              victim.version,
              (e) => ((e as { occurredAt: string }).occurredAt = '2026-03-01T00:00:00.000Z'),
            );
      const result = await verifyTrusted({ store: storeOf(doctored, rows), checkpoint, verifier });
      expect(result.ok).toBe(false);
      expect(result.agreedThrough).toBe(victim.position - 1);
      expect(kinds(result)).toContain(kind === 'delete' ? 'deleted' : 'rewritten');
    },
  );
});

test('GENESIS_HASH starts every chain the seed writes', () => {
  expect(rows.filter((r) => r.version === 1).every((r) => r.prevHash === GENESIS_HASH)).toBe(true);
});
