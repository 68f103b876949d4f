import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventDataSchemas } from '../domain/events';
import { fastCheck } from '../store/read/fastDataCheck';
import { storedDataSchemas } from './storedSchemas';

const sealed = { $enc: 1, kid: 'S-1', iv: 'q0C2Yl4r1vN0eQhB', ct: 'Vx9aaaaaaaaaaaaaaaaaaaaa' };
const received = {
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳', phone: '+86 138 0000 0000', email: 'wf@example.com' },
  summary: 'Kettle leaks',
};

describe('stored data schemas', () => {
  it('accept an encrypted value in every field a policy can name, by zod and by the fast check', () => {
    const data = {
      ...received,
      complainant: { name: sealed, phone: sealed, email: sealed, address: sealed },
      summary: sealed,
      desiredRemedy: sealed,
    };
    expect(storedDataSchemas.ComplaintReceived.safeParse(data).success).toBe(true);
    expect(fastCheck(storedDataSchemas.ComplaintReceived)?.(data)).toBe(true);
    // An email in clear is zod's to check (the fast check knows no email format); sealed, it is not.
    const { email: _email, ...contact } = received.complainant;
    expect(fastCheck(storedDataSchemas.ComplaintReceived)?.({ ...received, complainant: contact })).toBe(true);
  });

  it('refuse an encrypted value in a code field, and a malformed one anywhere', () => {
    for (const data of [
      { ...received, category: sealed },
      { ...received, channel: sealed },
      { ...received, summary: { ...sealed, $enc: 2 } },
      { ...received, summary: { ...sealed, extra: 'x' } },
      { ...received, summary: { ...sealed, iv: 'not base64!' } },
      { ...received, summary: { ...sealed, kid: '' } },
    ]) {
      expect(storedDataSchemas.ComplaintReceived.safeParse(data).success).toBe(false);
      expect(fastCheck(storedDataSchemas.ComplaintReceived)?.(data)).toBe(false);
    }
  });

  it('keep a fast check wherever the plain schema had one', () => {
    for (const type of EVENT_TYPES) {
      if (fastCheck(eventDataSchemas[type]) !== undefined)
        expect(fastCheck(storedDataSchemas[type]), type).toBeDefined();
    }
  });
});
