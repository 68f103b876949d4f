import { expect, test } from 'vitest';
import { describePg, PG_URL, testSchemas } from '../../../packages/store-postgres/src/testing/pgTest';
import { runProgram, workDir } from './program.testkit';

describePg('docs/store-postgres.md', () => {
  const { pool, fresh } = testSchemas(1);

  test('the example creates its tables in the schema it is given and records a received complaint there', async () => {
    const schema = fresh('docs');
    const { code, stdout, stderr } = await runProgram('storePostgres', workDir(), {
      DATABASE_URL: PG_URL,
      REDRESS_SCHEMA: schema,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('received\n');
    const { rows } = await pool.query<{ type: string }>(`SELECT type FROM "${schema}".events ORDER BY position`);
    expect(rows.map((r) => r.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged']);
  });
});
