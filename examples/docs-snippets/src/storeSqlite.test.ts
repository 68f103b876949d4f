import { join } from 'node:path';
import { createEngine } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { expect, test } from 'vitest';
import { runProgram, workDir } from './program.testkit';

test('docs/store-sqlite.md: the example creates complaints.db, and a second run adds to the same file', async () => {
  const dir = workDir();
  for (let run = 0; run < 2; run++) {
    const { code, stdout, stderr } = await runProgram('storeSqlite', dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('received\n');
  }
  const store = sqliteStore({ path: join(dir, 'complaints.db') });
  try {
    const events = [];
    for await (const e of store.readAll()) events.push(e);
    expect(events.map((e) => e.type)).toEqual([
      'ComplaintReceived',
      'ComplaintAcknowledged',
      'ComplaintReceived',
      'ComplaintAcknowledged',
    ]);
    const streams = [...new Set(events.map((e) => e.streamId))];
    expect(streams).toHaveLength(2);
    const engine = createEngine({ store });
    for (const id of streams) expect(await engine.verify(id)).toMatchObject({ ok: true, events: 2 });
  } finally {
    await store.close();
  }
});
