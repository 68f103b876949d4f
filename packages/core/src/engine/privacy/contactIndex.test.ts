import { randomBytes } from 'node:crypto';
import { exampleActors, exampleLifecycle } from '@redress/testing';
import { describe, expect, it } from 'vitest';
import { ephemeralKek } from '../../privacy/kek';
import { memoryKeyStore } from '../../privacy/memoryKeyStore';
import { subjectKeys } from '../../privacy/subjectKeys';
import { memoryStore } from '../../store/memoryStore';
import { createEngine } from '../createEngine';

const receive = (complaintId: string, complainant: object, subjectId?: string) =>
  ({
    ...(exampleLifecycle(complaintId)[0] as object),
    complainant,
    ...(subjectId ? { subjectId } : {}),
  }) as never;

describe('engine.findComplaints', () => {
  const setup = () => {
    const store = memoryStore();
    const keys = subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
    const indexKey = randomBytes(32);
    return { store, engine: createEngine({ store, privacy: { keys, indexKey } }), keys, indexKey };
  };

  it('finds a person by phone or email as normalised, with nothing of them in clear in the log', async () => {
    const { engine, store } = setup();
    await engine.execute(receive('C-1', { name: '王芳', phone: '+86 138-0000-0000', email: 'Wang.Fang@Example.com' }));
    await engine.execute(receive('C-2', { name: 'Li Wei', phone: '+86 139 1111 2222' }));
    expect(await engine.findComplaints({ phone: '+8613800000000' })).toMatchObject([{ complaintId: 'C-1' }]);
    expect(await engine.findComplaints({ email: ' wang.fang@example.COM' })).toMatchObject([{ complaintId: 'C-1' }]);
    expect(await engine.findComplaints({ phone: '+86 139 0000 0000' })).toEqual([]);
    const text = JSON.stringify(await createEngine({ store, privacy: 'plaintext' }).history('C-1'));
    expect(text).not.toContain('13800000000');
    expect(text.toLowerCase()).not.toContain('wang.fang');
  });

  it('a returning person is recorded under the subject found, and erased people drop out', async () => {
    const { engine } = setup();
    await engine.execute(receive('C-1', { name: '王芳', phone: '+86 138 0000 0000' }));
    const [earlier] = await engine.findComplaints({ phone: '+86 138 0000 0000' });
    await engine.execute(receive('C-2', { name: '王芳', phone: '+86 138 0000 0000' }, earlier?.subjectId));
    expect((await engine.findComplaints({ phone: '8613800000000' })).map((f) => f.complaintId)).toEqual(['C-1', 'C-2']);
    await engine.erase({ complaintId: 'C-2' }, exampleActors['privacy-officer'], 'request 7');
    expect(await engine.findComplaints({ phone: '8613800000000' })).toEqual([]);
  });

  it('another index key finds nothing, and a caller cannot send tokens of its own', async () => {
    const { store, keys, engine } = setup();
    await engine.execute(receive('C-1', { name: '王芳', phone: '+86 138 0000 0000' }));
    const other = createEngine({ store, privacy: { keys, indexKey: randomBytes(32) } });
    expect(await other.findComplaints({ phone: '+86 138 0000 0000' })).toEqual([]);
    await expect(
      engine.execute({
        ...(receive('C-9', { name: 'X' }) as object),
        contactIndex: { phone: 'a'.repeat(43) },
      } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
