import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { noteVerifier, cosignatureVerifier, keyIdOf, NoteKeyType } from './noteKeys';
import { noteSigner, generateNoteKey } from './noteSigners';
import { formatSignedNote, parseSignedNote } from './signedNote';

// C2SP signed-note, "Verifier keys", example.
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
// The example key and note of the reference implementation (golang.org/x/mod/sumdb/note).
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a VALIDATION RedressError');
};

describe('signed notes (C2SP signed-note)', () => {
  test('the spec’s example vkey verifies the spec’s example note', () => {
    const verifier = noteVerifier(SPEC_VKEY);
    const note = parseSignedNote(SPEC_NOTE);
    expect(note.text).toBe('This is an example message.\n');
    expect(note.signatures).toHaveLength(1);
    expect(note.signatures[0]).toMatchObject({ name: 'example.com/foo', keyId: 0x530d903a });
    expect(verifier.verify(Buffer.from(note.text), note.signatures[0]!.signature)).toBe(true);
    expect(verifier.verify(Buffer.from('This is an example message!\n'), note.signatures[0]!.signature)).toBe(false);
    expect(formatSignedNote(note)).toBe(SPEC_NOTE);
  });

  test('the reference implementation’s key signs its example text byte for byte, and its vkey verifies it', () => {
    const signer = noteSigner(GO_SKEY);
    expect([signer.name, signer.keyId.toString(16), signer.verifierKey]).toEqual(['PeterNeumann', 'c74f20a3', GO_VKEY]);
    const signature = signer.sign(Buffer.from(GO_TEXT));
    expect(
      formatSignedNote({ text: GO_TEXT, signatures: [{ name: signer.name, keyId: signer.keyId, signature }] }),
    ).toBe(GO_NOTE);
    const note = parseSignedNote(Buffer.from(GO_NOTE));
    expect(noteVerifier(GO_VKEY).verify(Buffer.from(note.text), note.signatures[0]!.signature)).toBe(true);
  });

  test('key IDs follow SHA-256(name || 0x0A || type || key), per signature type (transparency-dev vectors)', () => {
    // An Ed25519 note vkey, and a native cosignature/v1 (0x04) vkey, from transparency-dev/formats tests.
    expect(noteVerifier('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6').keyId.toString(16)).toBe(
      '7997405c',
    );
    expect(
      cosignatureVerifier('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2').keyId.toString(16),
    ).toBe('da77ade7');
    const raw = Buffer.from('AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6', 'base64').subarray(1);
    expect(cosignatureVerifier('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6').keyId).toBe(
      keyIdOf('TEST', NoteKeyType.cosignatureV1, raw),
    );
  });

  test('a generated key pair signs and verifies; its signer key parses back to the same verifier key', () => {
    const { signerKey, verifierKey } = generateNoteKey('complaints.example.com/log');
    const signer = noteSigner(signerKey);
    expect(signer.verifierKey).toBe(verifierKey);
    expect(noteVerifier(verifierKey).verify(Buffer.from('x\n'), signer.sign(Buffer.from('x\n')))).toBe(true);
  });

  test.each([
    ['no final newline', SPEC_NOTE.slice(0, -1), /does not end with a newline/],
    ['no blank line', 'text\n— a AAAAAAA=\n', /no blank line/],
    ['no signature line', 'text\n\n', /no signature line/],
    ['a line without the em dash', 'text\n\n- example.com/foo AAAAAAA=\n', /line 1 does not start with an em dash/],
    ['a key name with a plus', 'text\n\n— a+b AAAAAAA=\n', /no valid key name/],
    ['a signature that is not base64', 'text\n\n— a !!!!\n', /not base64/],
    ['a signature shorter than a key ID and a byte', 'text\n\n— a AAAA\n', /not base64 of a key ID and a signature/],
    ['base64 not in its canonical spelling', 'text\n\n— a AAAAAAB=\n', /not base64/],
    ['a carriage return', 'text\r\n\n— a AAAAAAA=\n', /line 1 holds the control character U\+000D/],
    ['an escape sequence', 'te\u001b[2Kxt\n\n— a AAAAAAA=\n', /control character U\+001B/],
  ])('%s is refused with VALIDATION saying why', (_, note, why) => {
    const message = refusal(() => parseSignedNote(note));
    expect(message).toMatch(why);
    expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  test('bytes that are not UTF-8 and notes past the size limit are refused', () => {
    expect(refusal(() => parseSignedNote(Buffer.from([0x74, 0xff, 0x0a, 0x0a])))).toMatch(/not valid UTF-8/);
    expect(refusal(() => parseSignedNote(`${'x'.repeat(1_048_577)}\n\n— a AAAAAAA=\n`))).toMatch(
      /more than the 1048576/,
    );
  });

  test('a key name carrying terminal escapes is shown escaped, never raw', () => {
    const message = refusal(() => parseSignedNote('text\n\n— \u009b2K\u202eevil  AAAAAAA=\n'));
    expect(message).toContain('\\u009b2K\\u202eevil');
    expect(message).not.toMatch(/[\u0080-\u009f\u202e]/);
  });

  test.each([
    [
      'a vkey with a wrong key ID',
      'example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k',
      /key ID does not match/,
    ],
    [
      'a vkey of another signature type',
      'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      /signature type is 0x65/,
    ],
    [
      'a vkey of the wrong length',
      'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
      /32-byte Ed25519 key/,
    ],
    ['a vkey with two parts', 'bananas.example.com+12344556', /<name>\+<key ID>\+<key>/],
  ])('%s is refused with VALIDATION', (_, vkey, why) => {
    expect(refusal(() => noteVerifier(vkey))).toMatch(why);
  });

  test('a mangled signer key is refused without showing any of it', () => {
    for (const key of [
      GO_SKEY.slice(0, -2),
      GO_SKEY.replace('c74f20a3', 'c74f20a4'),
      GO_SKEY.replace('PRIVATE+KEY', 'PUBLIC+KEY'),
      `${GO_SKEY}A`,
    ]) {
      const message = refusal(() => noteSigner(key));
      expect(message).not.toContain('AYEKFALV');
    }
    expect(refusal(() => noteSigner(GO_SKEY, 'SomeoneElse'))).toMatch(/named "PeterNeumann", not "SomeoneElse"/);
  });
});
