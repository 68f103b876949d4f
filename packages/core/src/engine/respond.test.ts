import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { isRedressError } from '../errors/redressError';
import { isEncryptedValue } from '../privacy/encryptedValue';
import { memoryStore } from '../store/memoryStore';
import { createEngine } from './createEngine';
import { sequentialIds } from './ids';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };

const setup = async () => {
  const store = memoryStore();
  const engine = createEngine({ store, ids: sequentialIds() });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'email',
    category: 'billing',
    complainant: { name: 'Ada' },
    summary: 'Charged twice',
  });
  return { store, engine, complaintId };
};

describe('respond: what was communicated to the complainant', () => {
  test('records a ResponseSent with kind, channel and the text, which is stored encrypted', async () => {
    const { engine, complaintId } = await setup();
    const secret = 'Dear Ada, the refund of £12.40 for order 5521 is on its way';
    await engine.execute({
      type: 'respond',
      complaintId,
      actor: handler,
      kind: 'holding',
      channel: 'letter',
      text: secret,
      referralRights: true,
      expectedBy: '2026-04-01T00:00:00Z',
    });
    const stored = (await engine.history(complaintId)).at(-1);
    expect(stored?.type).toBe('ResponseSent');
    const data = stored?.data as Record<string, unknown>;
    expect(data).toMatchObject({ kind: 'holding', channel: 'letter', referralRights: true });
    expect(isEncryptedValue(data.text)).toBe(true);
    expect(JSON.stringify(await engine.history(complaintId))).not.toContain('5521');
    const revealed = (await engine.history(complaintId, { reveal: true })).at(-1)?.data as { text: string };
    expect(revealed.text).toBe(secret);
  });

  test('a role that does not talk to complainants is FORBIDDEN, a closed complaint NOT_ALLOWED; nothing is appended', async () => {
    const { engine, complaintId } = await setup();
    const version = (await engine.load(complaintId)).version;
    const respond = (actor: Actor) =>
      engine.execute({ type: 'respond', complaintId, actor, kind: 'final', channel: 'email', text: 'No' });
    const forbidden = await respond({ id: 'po-1', role: 'privacy-officer' }).catch((e: unknown) => e);
    expect(isRedressError(forbidden, 'FORBIDDEN')).toBe(true);
    expect((await engine.load(complaintId)).version).toBe(version);
    await engine.execute({ type: 'reject', complaintId, actor: handler, reason: 'Duplicate' });
    const closed = (await engine.load(complaintId)).version;
    const late = await respond(handler).catch((e: unknown) => e);
    expect(isRedressError(late, 'NOT_ALLOWED')).toBe(true);
    expect((await engine.load(complaintId)).version).toBe(closed);
  });

  test('bad input is VALIDATION naming the field, and hostile text is kept as sent, never in an error', async () => {
    const { engine, complaintId } = await setup();
    const error = await engine
      .execute({ type: 'respond', complaintId, actor: handler, kind: 'verdict' as never, channel: 'email', text: 'x' })
      .catch((e: unknown) => e);
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toContain('kind');
    // Markup is text like any other; control and bidi characters are refused (text hygiene).
    const nasty = '<script>alert(1)</script> "quoted" &amp; 王芳';
    const control = await engine
      .execute({
        type: 'respond',
        complaintId,
        actor: handler,
        kind: 'progress',
        channel: 'sms',
        text: 'a\u001b[31m\u202e',
      })
      .catch((e: unknown) => e);
    expect(isRedressError(control, 'VALIDATION')).toBe(true);
    expect((control as Error).message).toContain('text holds');
    const tooLong = await engine
      .execute({
        type: 'respond',
        complaintId,
        actor: handler,
        kind: 'progress',
        channel: 'sms',
        text: `${nasty}${'x'.repeat(10_001)}`,
      })
      .catch((e: unknown) => e);
    expect(isRedressError(tooLong, 'VALIDATION')).toBe(true);
    expect((tooLong as Error).message).not.toContain('<script>');
    await engine.execute({
      type: 'respond',
      complaintId,
      actor: handler,
      kind: 'progress',
      channel: 'sms',
      text: `a${nasty}`,
    });
    const revealed = (await engine.history(complaintId, { reveal: true })).at(-1)?.data as { text: string };
    expect(revealed.text).toBe(`a${nasty}`.trim());
  });

  test('allowedCommands offers respond in open stages to the roles that talk to complainants', async () => {
    const { engine, complaintId } = await setup();
    const c = await engine.load(complaintId);
    expect(engine.allowedCommands(c, handler)).toContain('respond');
    expect(engine.allowedCommands(c, { id: 'po', role: 'privacy-officer' })).not.toContain('respond');
  });
});
