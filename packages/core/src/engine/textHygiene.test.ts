import { fc, test } from '@fast-check/vitest';
import { exampleActors as a, exampleLifecycle } from '@redress/testing';
import { describe, expect } from 'vitest';
import { findTextFault, textFault } from '../domain/textHygiene';
import { type Command, createEngine, isRedressError, memoryStore, type RedressError, sequentialIds } from '../index';

const setup = async () => {
  const store = memoryStore();
  const engine = createEngine({ store, clock: () => new Date('2026-01-05T09:00:00.000Z'), ids: sequentialIds() });
  await engine.execute(exampleLifecycle('C-1')[0] as Command);
  return { store, engine };
};

/** One character of each kind the rules refuse. */
const BAD = {
  'lone surrogate': ['\ud800', '\udfff', 'a\ud83d', '\ude00b'],
  control: ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\r'],
  bidi: ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'],
} as const;

/** Text that must pass: scripts, emoji, marks that belong to RTL text, line breaks and tabs. */
const GOOD = [
  'Kettle leaks',
  '水壶漏水，要求退货',
  'الغلاية تسرب',
  'קומקום דולף\u200f',
  'Line one\r\nLine two\n\tindented',
  '😀 👩‍👩‍👧 🇨🇳',
  'Zoë Ø ß ǅ',
  'a\u200bb',
];

const fieldOf = (e: RedressError) => (e.details as { field?: string }).field;

describe('free text from outside holds no character that only a machine reads', () => {
  test.prop([
    fc
      .constantFrom(...(Object.keys(BAD) as (keyof typeof BAD)[]))
      .chain((kind) => fc.tuple(fc.constant(kind), fc.constantFrom(...BAD[kind]))),
    fc.string({ maxLength: 20 }).filter((s) => textFault(`x${s}`) === undefined),
    fc.string({ maxLength: 20 }).filter((s) => textFault(`${s}x`) === undefined),
    fc.constantFrom('text' as const, 'name' as const, 'summary' as const),
  ])(
    'a bad character anywhere in a note, a name or a summary is refused naming the field; nothing is appended',
    async ([kind, bad], before, after, where) => {
      const { store, engine } = await setup();
      const text = `x${before}${bad}${after}x`;
      const command: Command =
        where === 'text'
          ? { type: 'addNote', complaintId: 'C-1', actor: a.agent, text }
          : {
              ...(exampleLifecycle('C-2')[0] as Command & { type: 'receive' }),
              ...(where === 'name' ? { complainant: { name: text } } : { summary: text }),
            };
      const size = store.size;
      const error = await engine.execute(command).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isRedressError(error, 'VALIDATION'), `${kind}: ${String(error)}`).toBe(true);
      const field = fieldOf(error as RedressError);
      expect(field).toBe(where === 'name' ? 'complainant.name' : where);
      // The message names the field and the fault, never the text (it may be personal data).
      expect((error as Error).message).toContain(field as string);
      expect((error as Error).message).not.toContain(text);
      expect(store.size).toBe(size);
    },
  );

  test.each(GOOD)('%j is accepted as it is', async (text) => {
    const { engine } = await setup();
    const result = await engine.execute({ type: 'addNote', complaintId: 'C-1', actor: a.agent, text });
    expect(result.events[0]?.data).toMatchObject({ text: text.trim() });
  });

  test.each([
    ['only zero-width spaces', '\u200b\u200b\u200b'],
    ['a zero-width joiner and a BOM', '\u200d\ufeff'],
    ['word joiners and a soft hyphen', '\u2060\u00ad\u2060'],
    ['Hangul fillers', '\u3164\u115f'],
  ])('a name made of %s is refused: no visible character', async (_, name) => {
    const { engine } = await setup();
    const receive = exampleLifecycle('C-3')[0] as Command & { type: 'receive' };
    const error = await engine.execute({ ...receive, complainant: { name } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect((error as Error).message).toContain('complainant.name holds no visible character');
  });

  test('findTextFault walks objects and arrays and gives the first path', () => {
    expect(findTextFault({ a: 'ok', b: [{ c: 'fine' }, { d: 'x\u0000' }] })).toEqual({
      path: ['b', '1', 'd'],
      fault: 'a control character (only tab and line breaks are allowed)',
    });
    expect(findTextFault({ a: 1, b: null, c: ['ok'] })).toBeUndefined();
  });
});

describe('load, history and verify check ids as execute does', () => {
  test.each(['C-\u0000', 'C 1', '\u202eC-1', 'C-1\n', 'x'.repeat(129), '-C-1'])(
    '%j is VALIDATION, the store never asked',
    async (id) => {
      const { engine } = await setup();
      for (const call of [() => engine.load(id), () => engine.history(id), () => engine.verify(id)]) {
        const error = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
        expect((error as RedressError).details).toMatchObject({ field: 'complaintId' });
      }
    },
  );
});
