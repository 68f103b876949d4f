import fc from 'fast-check';
import { LIMITS, type Complainant } from '@redress/core';
import { identifier, text } from './text';

const surnames = ['王', '李', '张', '刘', '陈', '欧阳', '司马', '诸葛'];
const givenNames = ['芳', '伟', '秀英', '娜', '敏', '静', '丽', '强', '子涵', '一'];

/**
 * A complainant's name: Chinese (including two-character surnames), Latin with
 * accents, names with emoji, and names exactly `LIMITS.name` long.
 *
 * @example
 * fc.sample(personName(), 3); // ['王芳', 'Zoë O’Brien', '李娜 🌸']
 */
export const personName = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...surnames), fc.constantFrom(...givenNames)).map(([s, g]) => s + g),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom('Zoë O’Brien', 'José Álvarez', 'Nguyễn Thị Minh', 'Søren Kierkegaard', 'Anne-Marie'),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...surnames), fc.constantFrom('🌸', '😀', '🙏'))
        .map(([s, e]) => `${s}小姐 ${e}`),
    },
    { weight: 1, arbitrary: text({ maxLength: LIMITS.name }) },
    { weight: 1, arbitrary: fc.constant('名'.repeat(LIMITS.name)) },
  );

/**
 * A phone number core accepts (digits, spaces, `+ ( ) -`, 3 to `LIMITS.phone` characters).
 *
 * @example
 * fc.sample(phoneNumber(), 2); // ['+86 138 0000 0000', '(010) 6552-1234']
 */
export const phoneNumber = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.stringMatching(/^\+86 1[3-9]\d \d{4} \d{4}$/),
    fc.stringMatching(/^\(0\d{2}\) \d{4}-\d{4}$/),
    fc.constant(`+${'1'.repeat(LIMITS.phone - 1)}`),
  );

/**
 * An email address that zod's `z.email()` accepts, up to `LIMITS.email` characters.
 *
 * @example
 * fc.sample(emailAddress(), 1); // ['wang.fang@example.cn']
 */
export const emailAddress = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(
          fc.stringMatching(/^[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,6})?$/),
          fc.constantFrom('example.com', 'example.cn', 'mail.example.org'),
        )
        .map(([l, d]) => `${l}@${d}`),
    },
    { weight: 1, arbitrary: fc.constant(`${'a'.repeat(LIMITS.email - '@example.com'.length)}@example.com`) },
  );

/**
 * A complainant: always a name, sometimes phone, email, address and customer id.
 *
 * @example
 * fc.sample(complainant(), 1); // [{ name: '王芳', phone: '+86 138 1234 5678' }]
 */
export const complainant = (): fc.Arbitrary<Complainant> =>
  fc.record(
    {
      name: personName(),
      phone: phoneNumber(),
      email: emailAddress(),
      address: text({ maxLength: LIMITS.address }),
      customerId: identifier(),
    },
    { requiredKeys: ['name'] },
  );
