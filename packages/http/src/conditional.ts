import { HttpProblem } from './problem';
import { complaintIdSchema } from './schemas';

/**
 * The ETag of a complaint at a version: the version, quoted (a strong tag).
 *
 * @example
 * etagOf(3); // '"3"'
 */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The versions an `If-Match` header names: `undefined` without the header,
 * `'*'` for any, else the list. Weak tags never match (RFC 9110 compares
 * If-Match strongly); a tag that is no version is a 400.
 *
 * @example
 * parseIfMatch('"3", "4"'); // [3, 4]
 */
export const parseIfMatch = (header: string | null): readonly number[] | '*' | undefined => {
  if (header === null) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const versions: number[] = [];
  for (const part of value.split(',')) {
    const tag = part.trim();
    if (tag.startsWith('W/')) continue;
    const m = /^"(\d{1,9})"$/.exec(tag);
    if (m === null)
      throw new HttpProblem(
        'BAD_REQUEST',
        'If-Match must name versions as ETags, such as If-Match: "3" (the ETag of the complaint you read)',
        { header: 'If-Match' },
      );
    versions.push(Number(m[1]));
  }
  return versions;
};

/**
 * The `Idempotency-Key` header as the command's id (`undefined` without one).
 *
 * @example
 * idempotencyKey(request); // 'b7d1…' becomes the commandId
 */
export const idempotencyKey = (request: Request): string | undefined => {
  const key = request.headers.get('idempotency-key');
  if (key === null) return undefined;
  const trimmed = key.trim();
  if (!complaintIdSchema.safeParse(trimmed).success)
    throw new HttpProblem(
      'BAD_REQUEST',
      'Idempotency-Key must be 1 to 128 letters, digits or - _ . : @, starting with a letter or digit (a UUID will do)',
      { header: 'Idempotency-Key' },
    );
  return trimmed;
};
