import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { isNotificationPayload, notificationId, payloadProblem } from './payload';

const part = fc.string({ minLength: 1, maxLength: 12 });
const tuple = fc.tuple(part, part, part, part);

test.prop([tuple])('the same complaint, event, rule and recipient always give the same id', (t) => {
  expect(notificationId(...t)).toBe(notificationId(...t));
  expect(notificationId(...t)).toMatch(/^N-[0-9a-f]{32}$/);
});

test.prop([tuple, tuple])(
  'different complaint, event, rule or recipient give different ids (no separator ambiguity)',
  (a, b) => {
    fc.pre(a.join('\u0001') !== b.join('\u0001'));
    expect(notificationId(...a)).not.toBe(notificationId(...b));
  },
);

test('payload guards tell ready notifications from invalid ones and from foreign payloads', () => {
  const ready = { kind: 'notification', subject: 's', text: 't', html: 'h', to: { id: 'x', address: 'a@b.co' } };
  expect(isNotificationPayload(ready)).toBe(true);
  expect(isNotificationPayload({ ...ready, to: null })).toBe(false);
  expect(isNotificationPayload('text')).toBe(false);
  expect(payloadProblem({ kind: 'invalid-notification', problem: 'no address' })).toBe('no address');
  expect(payloadProblem(ready)).toBeUndefined();
});
