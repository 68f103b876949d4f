import { fc, test } from '@fast-check/vitest';
import { exampleActors, exampleLifecycle, validCommandSequence } from '@redress/testing';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../audit/canonicalJson';
import type { StoredEvent } from '../../domain/envelope';
import { isRedressError } from '../../errors/redressError';
import { isEncryptedValue } from '../../privacy/encryptedValue';
import { ephemeralKek } from '../../privacy/kek';
import { memoryKeyStore } from '../../privacy/memoryKeyStore';
import { subjectKeys } from '../../privacy/subjectKeys';
import type { EventStore } from '../../store/eventStore';
import { memoryStore } from '../../store/memoryStore';
import { createEngine } from '../createEngine';
import { sequentialIds } from '../ids';

const hashedText = (events: readonly StoredEvent[]) =>
  events.map(({ hash: _h, position: _p, ...unhashed }) => canonicalJson(unhashed)).join('\n');

/**
 * The commands with their personal fields replaced by text no clear field can
 * hold by chance (a marker, then any Unicode), and the values put in.
 */
const personalised = (commands: readonly unknown[], texts: readonly string[]) => {
  const values: string[] = [];
  const mark = (i: number, kind: string) => {
    const value = `\u2063${kind}${i}\u2063${texts[i % texts.length] ?? ''}`.slice(0, 60);
    values.push(value);
    return value;
  };
  const out = commands.map((raw, i) => {
    const cmd = { ...(raw as Record<string, unknown>) };
    if (cmd.type === 'receive') {
      const phone = `+99 ${100_000 + i * 7919}`;
      const email = `p${i}.x${texts.length}@example.org`;
      values.push(phone, email);
      cmd.complainant = { name: mark(i, 'n'), phone, email, address: mark(i, 'a') };
      cmd.summary = mark(i, 's');
      cmd.desiredRemedy = mark(i, 'r');
    }
    if (cmd.type === 'addNote') cmd.text = mark(i, 't');
    if (cmd.type === 'respond') cmd.text = mark(i, 'p');
    if (cmd.type === 'recordCustomerResponse' || cmd.type === 'recordFollowUp') cmd.comment = mark(i, 'c');
    return cmd;
  });
  return { commands: out, values };
};

describe('an engine with privacy on', () => {
  it('stores the policy fields encrypted, reads them back, and verifies the stored form', async () => {
    const store = memoryStore();
    const engine = createEngine({ store, ids: sequentialIds() });
    for (const cmd of exampleLifecycle('C-1')) await engine.execute(cmd);
    const [received] = await engine.history('C-1');
    const data = received?.data as Record<string, Record<string, unknown>>;
    expect(isEncryptedValue(data.complainant?.name)).toBe(true);
    expect(isEncryptedValue(data.complainant?.phone)).toBe(true);
    expect(isEncryptedValue(data.summary)).toBe(true);
    expect(data.category).toBe('quality');
    const complaint = await engine.load('C-1');
    expect(complaint.complainant.name).toBe('王芳');
    expect(complaint.summary).toBe('Kettle leaks after two days 😞');
    expect(complaint.subjectId).toMatch(/^S-/);
    expect(await engine.verify('C-1')).toMatchObject({ ok: true });
    const revealed = await engine.history('C-1', { reveal: true });
    expect((revealed[0]?.data as { complainant: { name: string } }).complainant.name).toBe('王芳');
  });

  it('reads and verifies without keys: the clear fields, and the ciphertext as stored', async () => {
    const store = memoryStore();
    await createEngine({ store }).execute(exampleLifecycle('C-1')[0] as never);
    const keyless = createEngine({ store, privacy: 'plaintext' });
    expect(await keyless.verify('C-1')).toMatchObject({ ok: true, events: 2 });
    const c = await keyless.load('C-1');
    expect(c.category).toBe('quality');
    expect(isEncryptedValue(c.complainant.name)).toBe(true);
  });

  test.prop(
    [
      validCommandSequence({ maxLength: 12 }),
      fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { minLength: 1 }),
    ],
    {
      numRuns: 40,
    },
  )('no personal value appears in the bytes the hash chain covers', async (sequence, texts) => {
    const { commands, values } = personalised(sequence.commands, texts);
    const engine = createEngine({ store: memoryStore(), ids: sequentialIds() });
    for (const cmd of commands) await engine.execute(cmd as never);
    const bytes = Buffer.from(hashedText(await engine.history(sequence.complaintId)), 'utf8');
    for (const value of values) {
      // As JSON would write it (the marker is escaped there), and as raw UTF-8.
      expect(bytes.includes(Buffer.from(JSON.stringify(value).slice(1, -1), 'utf8')), value).toBe(false);
      expect(bytes.includes(Buffer.from(value.trim(), 'utf8')), value).toBe(false);
    }
    const revealed = JSON.stringify(await engine.history(sequence.complaintId, { reveal: true }));
    // The property can fail: revealed, the values are there.
    expect(revealed.includes(JSON.stringify(values[0]).slice(1, -1))).toBe(true);
    expect(await engine.verify(sequence.complaintId)).toMatchObject({ ok: true });
  });

  it('a keyring given as a key store and a key-encryption key works the same', async () => {
    const engine = createEngine({
      store: memoryStore(),
      privacy: { keys: { store: memoryKeyStore(), kek: ephemeralKek() } },
    });
    const { complaintId } = await engine.execute(exampleLifecycle('C-1')[0] as never);
    expect((await engine.load(complaintId)).complainant.name).toBe('王芳');
  });

  it('a new complaint of a known subject shares its key, and a subject id that is personal data is refused', async () => {
    const engine = createEngine({ store: memoryStore() });
    const first = exampleLifecycle('C-1')[0] as Record<string, unknown>;
    await engine.execute({ ...first, subjectId: 'S-42' } as never);
    await engine.execute({ ...first, complaintId: 'C-2', subjectId: 'S-42' } as never);
    expect((await engine.load('C-2')).subjectId).toBe('S-42');
    await expect(
      engine.execute({ ...first, complaintId: 'C-3', subjectId: 'li.wei@example.com' } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

/** The store, with one stored event's data changed on its way out. */
const rewriting = (store: EventStore, change: (e: StoredEvent) => StoredEvent): EventStore => {
  const out = Object.create(store) as EventStore;
  Object.defineProperty(out, 'readStream', {
    value: async function* (id: string, options?: object) {
      for await (const e of store.readStream(id, options)) yield change(e);
    },
  });
  return out;
};

describe('moved ciphertext', () => {
  test.prop([fc.constantFrom('summary', 'complainant.phone', 'desiredRemedy'), fc.boolean()], { numRuns: 12 })(
    'a ciphertext moved to another field or another complaint is TAMPERED naming the place, never a value',
    async (target, otherComplaint) => {
      const store = memoryStore();
      const keys = subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
      const writer = createEngine({ store, privacy: { keys } });
      const receive = exampleLifecycle('C-1')[0] as Record<string, unknown>;
      await writer.execute({ ...receive, subjectId: 'S-1' } as never);
      await writer.execute({ ...receive, complaintId: 'C-2', subjectId: 'S-1' } as never);
      const [source] = await writer.history(otherComplaint ? 'C-2' : 'C-1');
      const name = (source?.data as { complainant: { name: unknown } }).complainant.name;
      const reader = createEngine({
        store: rewriting(store, (e) => {
          if (e.streamId !== 'C-1' || e.version !== 1) return e;
          const data = structuredClone(e.data) as Record<string, Record<string, unknown>>;
          if (target === 'complainant.phone') (data.complainant as Record<string, unknown>).phone = name;
          else (data as Record<string, unknown>)[target] = name;
          return { ...e, data } as StoredEvent;
        }),
        privacy: { keys },
        cacheSize: 0,
      });
      const error = await reader.load('C-1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isRedressError(error, 'TAMPERED')).toBe(true);
      const { message, details } = error as { message: string; details: Record<string, unknown> };
      expect(details).toMatchObject({ streamId: 'C-1', version: 1, path: target });
      expect(message).not.toContain('王芳');
      expect(message).toContain(target);
    },
  );
});

describe('commands on a complaint', () => {
  it('a repeated receive with its commandId is recognised although the engine chose the subject', async () => {
    const engine = createEngine({ store: memoryStore() });
    const cmd = { ...(exampleLifecycle('C-1')[0] as object), commandId: 'intake-1' } as never;
    const first = await engine.execute(cmd);
    const again = await engine.execute(cmd);
    expect(again.duplicate).toBe(true);
    expect(again.version).toBe(first.version);
  });

  it('the department and supervisor steps carry no personal field and fetch no key', async () => {
    const store = memoryStore();
    let gets = 0;
    const inner = subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
    const keys = { ...inner, get: (id: string) => (gets++, inner.get(id)) };
    const engine = createEngine({ store, privacy: { keys } });
    await engine.execute(exampleLifecycle('C-1')[0] as never);
    await engine.execute({
      type: 'accept',
      complaintId: 'C-1',
      actor: exampleActors.handler,
      department: 'quality-control',
      priority: 'high',
    });
    expect(gets).toBe(0);
  });
});
