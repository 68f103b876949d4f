import { describe, expect, it } from 'vitest';
import { storedDataSchemas } from './storedSchemas';

const sealed = { $enc: 1, kid: 'S-1', iv: 'q0C2Yl4r1vN0eQhB', ct: 'Vx9aaaaaaaaaaaaaaaaaaaaa' };
const received = {
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳', phone: '+86 138 0000 0000', email: 'wf@example.com' },
  summary: 'Kettle leaks',
};

describe('stored data schemas', () => {
  it('accept an encrypted value in every field a policy can name, as zod checks them', () => {
    const data = {
      ...received,
      complainant: { name: sealed, phone: sealed, email: sealed, address: sealed },
      summary: sealed,
      desiredRemedy: sealed,
    };
    expect(storedDataSchemas.ComplaintReceived.safeParse(data).success).toBe(true);
    const { email: _email, ...contact } = received.complainant;
    expect(storedDataSchemas.ComplaintReceived.safeParse({ ...received, complainant: contact }).success).toBe(true);
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
    }
  });
});
