import { tamperedReadSuite } from '@redress/testing';
import { postgresStore } from './postgresStore';
import { describePg, testSchemas } from './testing/pgTest';

describePg('reads check the hash chain (PostgreSQL)', () => {
  const { pool, fresh } = testSchemas();
  tamperedReadSuite('PostgreSQL', async () => {
    const schema = fresh('tamper');
    return {
      // Each store its own instance over the one schema, as app instances are; the pool is the test's.
      open: async () => postgresStore({ pool, schema }),
      async editBody(streamId, version, from, to) {
        const { rowCount } = await pool.query(
          `UPDATE "${schema}".events SET event = replace(event::text, $1, $2)::json WHERE stream_id = $3 AND version = $4 AND strpos(event::text, $1) > 0`,
          [from, to, streamId, version],
        );
        if (rowCount !== 1) throw new Error(`no row ${streamId} v${version} holding ${from}`);
      },
    };
  });
});
