import { PRIORITIES, type ComplaintRow, type SortKey } from '@redress/core';
import { HttpProblem } from './problem';

/** Where a page ended: the sort key's value and the id of its last row. */
interface Cursor {
  readonly by: SortKey;
  readonly order: 'asc' | 'desc';
  readonly value: string | number | null;
  readonly id: string;
}

const rank: Record<string, number> = Object.fromEntries(PRIORITIES.map((p, i) => [p, i]));
const keyOf = (r: ComplaintRow, by: SortKey): string | number | null =>
  (by === 'priority' ? (r.priority === undefined ? undefined : rank[r.priority]) : r[by]) ?? null;

/**
 * The order `queryComplaints` sorts in: by the key (rows without it last),
 * then by id. A row compares to a cursor the same way, so a page starts right
 * after the last row of the one before, whatever was added or changed since.
 */
const compare = (a: { value: string | number | null; id: string }, b: typeof a, dir: number) => {
  if (a.value !== b.value) {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    return (a.value < b.value ? -1 : 1) * dir;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/**
 * One page of sorted rows after the cursor, and the cursor of the next page
 * (`null` on the last).
 *
 * @example
 * const { items, nextCursor } = page(rows, { by: 'receivedAt', order: 'asc' }, undefined, 50);
 */
export const page = (
  rows: readonly ComplaintRow[],
  sort: { by: SortKey; order: 'asc' | 'desc' },
  cursor: string | undefined,
  limit: number,
): { items: ComplaintRow[]; nextCursor: string | null } => {
  const after = cursor === undefined ? undefined : decode(cursor, sort);
  const dir = sort.order === 'desc' ? -1 : 1;
  const start =
    after === undefined ? 0 : rows.findIndex((r) => compare({ value: keyOf(r, sort.by), id: r.id }, after, dir) > 0);
  const from = start === -1 ? rows.length : start;
  const items = rows.slice(from, from + limit);
  const last = items.at(-1);
  const more = from + limit < rows.length;
  return {
    items,
    nextCursor: more && last !== undefined ? encode({ ...sort, value: keyOf(last, sort.by), id: last.id }) : null,
  };
};

const encode = (c: Cursor) => Buffer.from(JSON.stringify([c.by, c.order, c.value, c.id])).toString('base64url');

const decode = (text: string, sort: { by: SortKey; order: 'asc' | 'desc' }): Cursor => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== sort.by ||
    parsed[1] !== sort.order ||
    !(typeof parsed[2] === 'string' || typeof parsed[2] === 'number' || parsed[2] === null) ||
    typeof parsed[3] !== 'string'
  ) {
    throw new HttpProblem(
      'BAD_REQUEST',
      'cursor is not one this list gave with the same sort and order; start again without a cursor',
      { parameter: 'cursor' },
    );
  }
  return { by: sort.by, order: sort.order, value: parsed[2], id: parsed[3] };
};
