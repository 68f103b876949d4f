import { test as propTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isRedressError, type RedressErrorCode } from '../errors/redressError';
import { EMPTY_ROOT } from '../merkle/treeHash';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint';
import { cosignCheckpoint, cosignedMessage, verifyCosignature } from './cosignature';
import { cosignatureVerifier, noteVerifier } from './noteKeys';
import { cosigner, generateNoteKey, noteSigner } from './noteSigners';

const log = generateNoteKey('complaints.example.com/log');
const witness = generateNoteKey('witness.example.org/w1');
const ROOT = 'ab'.repeat(32);
const checkpoint = { origin: 'complaints.example.com/log', size: 42, rootHash: ROOT, extensions: [] };

const failure = (work: () => unknown): { code: RedressErrorCode; message: string } => {
  try {
    work();
  } catch (error) {
    expect(isRedressError(error), String(error)).toBe(true);
    return error as { code: RedressErrorCode; message: string };
  }
  throw new Error('expected a RedressError');
};

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  test('the text is origin, size and base64 root, a line each; the signed note opens with the log’s key', () => {
    expect(formatCheckpoint({ origin: 'example.com/log', size: 0, rootHash: EMPTY_ROOT, extensions: [] })).toBe(
      'example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
    );
    const note = signCheckpoint(checkpoint, noteSigner(log.signerKey));
    expect(
      note.startsWith(
        `complaints.example.com/log\n42\n${Buffer.from(ROOT, 'hex').toString('base64')}\n\n— complaints.example.com/log `,
      ),
    ).toBe(true);
    expect(openCheckpoint(note, noteVerifier(log.verifierKey))).toMatchObject({
      ...checkpoint,
      text: formatCheckpoint(checkpoint),
    });
  });

  test('extension lines are kept and signed', () => {
    const note = signCheckpoint({ ...checkpoint, extensions: ['redress/v1 events'] }, noteSigner(log.signerKey));
    expect(openCheckpoint(note, noteVerifier(log.verifierKey)).extensions).toEqual(['redress/v1 events']);
    expect(
      failure(() =>
        openCheckpoint(note.replace('redress/v1 events', 'redress/v1 EVENTS'), noteVerifier(log.verifierKey)),
      ).code,
    ).toBe('TAMPERED');
  });

  test('a changed size, root or signature is TAMPERED; another log’s key finds no signature (VALIDATION); unknown signatures are ignored', () => {
    const note = signCheckpoint(checkpoint, noteSigner(log.signerKey));
    const verifier = noteVerifier(log.verifierKey);
    expect(failure(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), verifier)).code).toBe('TAMPERED');
    const root = Buffer.from(ROOT, 'hex').toString('base64');
    expect(
      failure(() =>
        openCheckpoint(note.replace(root, Buffer.from('cd'.repeat(32), 'hex').toString('base64')), verifier),
      ).code,
    ).toBe('TAMPERED');
    const line = note.split('\n').at(-2)!;
    const sig = Buffer.from(line.split(' ').at(-1)!, 'base64');
    sig[10] = sig[10]! ^ 1;
    expect(
      failure(() =>
        openCheckpoint(
          note.replace(line, `${line.split(' ').slice(0, -1).join(' ')} ${sig.toString('base64')}`),
          verifier,
        ),
      ).code,
    ).toBe('TAMPERED');
    const other = failure(() =>
      openCheckpoint(note, noteVerifier(generateNoteKey('complaints.example.com/log').verifierKey)),
    );
    expect([other.code, other.message]).toEqual([
      'VALIDATION',
      expect.stringMatching(/no signature of key "complaints.example.com\/log"/),
    ]);
    const foreign = signCheckpoint(checkpoint, noteSigner(generateNoteKey('someone.else/log').signerKey)).split(
      '\n\n',
    )[1]!;
    expect(openCheckpoint(`${note}${foreign}`, verifier).size).toBe(42);
  });

  test.each([
    [
      'a size with a leading zero',
      'example.com/log\n042\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
      /size "042"/,
    ],
    ['a negative size', 'example.com/log\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n', /size "-1"/],
    ['a size past 2^53', 'example.com/log\n9007199254740993\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n', /size/],
    [
      'a root of 31 bytes',
      `example.com/log\n1\n${Buffer.alloc(31).toString('base64')}\n`,
      /not the base64 of 32 bytes/,
    ],
    ['two lines', 'example.com/log\n1\n', /2 line\(s\)/],
    [
      'an empty extension line',
      'example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n',
      /line 4 is empty/,
    ],
  ])('%s is refused with VALIDATION', (_, text, why) => {
    const { code, message } = failure(() => parseCheckpoint(text));
    expect([code, message]).toEqual(['VALIDATION', expect.stringMatching(why)]);
  });

  test('an origin holding control characters cannot be signed', () => {
    expect(
      failure(() => signCheckpoint({ ...checkpoint, origin: 'log\u001b[1A' }, noteSigner(log.signerKey))).code,
    ).toBe('VALIDATION');
  });

  propTest.prop(
    [
      fc.webUrl().map((u) => u.replace(/^https?:\/\//, '')),
      fc.nat(),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
    ],
    { numRuns: 80 },
  )(
    'any checkpoint signed opens to itself; any byte of its text changed makes opening fail',
    (origin, size, root, at, delta) => {
      const cp = { origin, size, rootHash: Buffer.from(root).toString('hex'), extensions: [] };
      const note = signCheckpoint(cp, noteSigner(log.signerKey));
      expect(openCheckpoint(note, noteVerifier(log.verifierKey))).toMatchObject(cp);
      const bytes = Buffer.from(note);
      const textLength = Buffer.byteLength(formatCheckpoint(cp));
      bytes[at % textLength] = (bytes[at % textLength]! + delta) % 256;
      const { code } = failure(() => openCheckpoint(bytes, noteVerifier(log.verifierKey)));
      expect(['VALIDATION', 'TAMPERED']).toContain(code);
    },
  );
});

describe('cosignatures (C2SP tlog-cosignature, cosignature/v1)', () => {
  test('the signed message is the header, the time line and the checkpoint text, as in the spec', () => {
    const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    expect(cosignedMessage(text, 1679315147).toString()).toBe(`cosignature/v1\ntime 1679315147\n${text}`);
  });

  test('a witness cosigns a checkpoint; its cosignature verifies with its key (of type 0x04, or its Ed25519 vkey) and gives the time', () => {
    const note = signCheckpoint(checkpoint, noteSigner(log.signerKey));
    const w = cosigner(witness.signerKey);
    const { line, note: cosigned } = cosignCheckpoint(note, w, 1_767_225_600);
    expect(cosigned).toBe(`${note}${line}`);
    expect(Buffer.from(line.split(' ').at(-1)!, 'base64')).toHaveLength(4 + 8 + 64);
    expect(verifyCosignature(cosigned, cosignatureVerifier(w.verifierKey))).toEqual({ timestamp: 1_767_225_600 });
    expect(verifyCosignature(cosigned, cosignatureVerifier(witness.verifierKey))).toEqual({ timestamp: 1_767_225_600 });
    // The log's signature still opens: the cosignature is a line of another key.
    expect(openCheckpoint(cosigned, noteVerifier(log.verifierKey)).size).toBe(42);
    // A witness's note key is not a log key: its note signature ID differs from its cosignature ID.
    expect(failure(() => openCheckpoint(cosigned, noteVerifier(witness.verifierKey))).code).toBe('VALIDATION');
  });

  test('a cosignature over a changed checkpoint or with a changed time is TAMPERED; none from that witness is VALIDATION', () => {
    const note = signCheckpoint(checkpoint, noteSigner(log.signerKey));
    const { note: cosigned, line } = cosignCheckpoint(note, cosigner(witness.signerKey), 1000);
    const verifier = cosignatureVerifier(witness.verifierKey);
    expect(failure(() => verifyCosignature(cosigned.replace('\n42\n', '\n41\n'), verifier)).code).toBe('TAMPERED');
    const bytes = Buffer.from(line.split(' ').at(-1)!.trim(), 'base64');
    bytes[11] = bytes[11]! ^ 1; // the low byte of the timestamp
    expect(
      failure(() =>
        verifyCosignature(
          cosigned.replace(line, `${line.split(' ').slice(0, -1).join(' ')} ${bytes.toString('base64')}\n`),
          verifier,
        ),
      ).code,
    ).toBe('TAMPERED');
    expect(failure(() => verifyCosignature(note, verifier)).code).toBe('VALIDATION');
  });

  test('cosigning needs a cosigner and a timestamp of whole seconds', () => {
    const note = signCheckpoint(checkpoint, noteSigner(log.signerKey));
    expect(failure(() => cosignCheckpoint(note, noteSigner(witness.signerKey), 1)).message).toMatch(/cosigner\(\)/);
    expect(failure(() => cosignCheckpoint(note, cosigner(witness.signerKey), 1.5)).code).toBe('VALIDATION');
    expect(failure(() => cosignCheckpoint(note, cosigner(witness.signerKey), -1)).code).toBe('VALIDATION');
  });
});
