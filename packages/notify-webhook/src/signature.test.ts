import { randomBytes } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isRedressError } from '@redress/core';
import { secretKey, signWebhook, verifyWebhook } from './signature';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const now = new Date('2026-03-01T08:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

const signed = (body: string, id = 'N-1', timestamp = ts) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signWebhook(secret, id, timestamp, body),
});

const failure = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isRedressError(e) ? e : undefined;
  }
  return undefined;
};

describe('Standard Webhooks signatures', () => {
  test('matches the reference vector of the Standard Webhooks specification', () => {
    const sig = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  test.prop([fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/)])(
    'a body signed with the secret verifies and comes back parsed',
    (text, id) => {
      const body = JSON.stringify({ text });
      expect(verifyWebhook({ secret, headers: signed(body, id), body, now })).toEqual({ text });
    },
  );

  test.prop([fc.string({ minLength: 1 }), fc.nat(), fc.string({ minLength: 1, maxLength: 3 })])(
    'any change to the body is detected as tampering',
    (text, at, insert) => {
      const body = JSON.stringify({ text });
      const i = at % (body.length + 1);
      const tampered = body.slice(0, i) + insert + body.slice(i);
      expect(failure(() => verifyWebhook({ secret, headers: signed(body), body: tampered, now }))?.code).toBe(
        'TAMPERED',
      );
    },
  );

  test('a stale or future timestamp is refused even with a valid signature; the tolerance is configurable', () => {
    const body = '{}';
    const old = signed(body, 'N-1', ts - 301);
    expect(failure(() => verifyWebhook({ secret, headers: old, body, now }))?.message).toMatch(
      /more than 300 s from now/,
    );
    expect(failure(() => verifyWebhook({ secret, headers: signed(body, 'N-1', ts + 400), body, now }))?.code).toBe(
      'VALIDATION',
    );
    expect(verifyWebhook({ secret, headers: old, body, now, toleranceSec: 600 })).toEqual({});
  });

  test('another secret, a changed id, missing headers: all refused', () => {
    const body = '{"a":1}';
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    expect(failure(() => verifyWebhook({ secret: other, headers: signed(body), body, now }))?.code).toBe('TAMPERED');
    expect(
      failure(() => verifyWebhook({ secret, headers: { ...signed(body), 'webhook-id': 'N-2' }, body, now }))?.code,
    ).toBe('TAMPERED');
    expect(failure(() => verifyWebhook({ secret, headers: { 'webhook-id': 'N-1' }, body, now }))?.message).toMatch(
      /Missing webhook-id/,
    );
  });

  test('one of several space-separated signatures may match (secret rotation); Headers objects work too', () => {
    const body = '{"a":1}';
    const h = signed(body);
    const headers = new Headers({ ...h, 'webhook-signature': `v1,AAAA ${h['webhook-signature']}` });
    expect(verifyWebhook({ secret, headers, body: Buffer.from(body), now })).toEqual({ a: 1 });
  });

  const otherVersion = fc
    .oneof(
      fc.nat({ max: 20 }).map((n) => `v${n}`),
      fc.stringMatching(/^[vV]?[0-9]{0,2}[^ ,]?$/),
    )
    .filter((v) => v !== 'v1');
  test.prop([otherVersion])('a valid HMAC under any version prefix but v1 is refused as tampering', (version) => {
    const body = '{"a":1}';
    const h = signed(body);
    const value = h['webhook-signature'].slice('v1,'.length);
    const headers = { ...h, 'webhook-signature': `${version},${value}` };
    expect(failure(() => verifyWebhook({ secret, headers, body, now }))?.code).toBe('TAMPERED');
  });

  test('v2, V1 or a bare value with the right HMAC are refused; the same value as v1 passes', () => {
    const body = '{"a":1}';
    const h = signed(body);
    const value = h['webhook-signature'].slice('v1,'.length);
    for (const sig of [`v2,${value}`, `V1,${value}`, `v10,${value}`, value, `v2,${value} v3,${value}`]) {
      expect(
        failure(() => verifyWebhook({ secret, headers: { ...h, 'webhook-signature': sig }, body, now }))?.code,
        sig,
      ).toBe('TAMPERED');
    }
    expect(
      verifyWebhook({ secret, headers: { ...h, 'webhook-signature': `v2,${value} v1,${value}` }, body, now }),
    ).toEqual({ a: 1 });
  });

  test('a secret that is not base64 of 16+ bytes is refused with an example', () => {
    expect(failure(() => secretKey('whsec_short'))?.message).toMatch(/at least 16 bytes/);
    expect(secretKey(secret).length).toBe(32);
  });
});
