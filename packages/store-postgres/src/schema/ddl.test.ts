import { test as propTest, fc } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { quoteSchema, schemaSql, SCHEMA_VERSION } from './ddl';

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);

describe('schemaSql', () => {
  test('creates every table, the position function and the meta rows, all in the given schema', () => {
    const sql = schemaSql('acme_redress');
    for (const table of ['meta', 'events', 'outbox', 'checkpoints', 'due_moments'])
      expect(sql).toContain(`CREATE TABLE IF NOT EXISTS "acme_redress".${table}`);
    expect(sql).toContain('CREATE OR REPLACE FUNCTION "acme_redress".reserve_positions');
    expect(sql).toContain(`('schema_version', '${SCHEMA_VERSION}')`);
    expect(sql).toContain('CONSTRAINT events_stream_version UNIQUE (stream_id, version)');
    expect(sql).not.toMatch(/"redress"/);
  });

  test('the SQL in docs/store-postgres.md is exactly what schemaSql() gives', () => {
    const doc = readFileSync(new URL('../../../../docs/store-postgres.md', import.meta.url), 'utf8');
    const block = /```sql\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block).toBe(schemaSql().trimEnd());
  });

  test('defaults to the schema "redress"', () => {
    expect(schemaSql()).toContain('CREATE SCHEMA IF NOT EXISTS "redress"');
  });

  propTest.prop([identifier])('a plain identifier is accepted and only ever appears quoted', (name) => {
    expect(quoteSchema(name)).toBe(`"${name}"`);
    // Every qualified reference to the schema is quoted: no bare `name.table`.
    const bare = new RegExp(`(?<![A-Za-z0-9_"])${name}\\.`);
    expect(schemaSql(name)).not.toMatch(bare);
    expect(schemaSql(name)).toContain(`"${name}".events`);
  });

  propTest.prop([fc.string().filter((s) => !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(s))])(
    'anything else is refused with VALIDATION, so no name can break out of the quotes',
    (name) => {
      expect(() => schemaSql(name)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    },
  );
});
