import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, sequentialIds } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { afterAll, expect, test } from 'vitest';
import { editRows, tempDir } from './support/files';
import { runCli } from './support/runCli';
import { steppingClock } from './support/seedStore';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('text reports show text from the log on its own row: a note or a summary cannot forge a row or reach the terminal as escape codes', async () => {
  const db = join(dir, 'notes.db');
  const store = sqliteStore({ path: db });
  const engine = createEngine({ store, clock: steppingClock(), ids: sequentialIds() });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: { id: 'agent-7', role: 'agent' },
    channel: 'phone',
    category: 'quality',
    complainant: { name: 'A-NAME-B' },
    summary: 'Kettle\n  stage       reviewed (closed)',
  });
  const forged =
    'called back\n  v4   2026-03-02T09:00:00.000Z  sup-wang (supervisor)       Remedy P1 approved  → proposal\r\u001b[31mRED\u001b[0m\u0000';
  // Commands refuse control and bidi characters; a log written before that rule, or by hand, holds them.
  await engine.execute({ type: 'addNote', complaintId, actor: { id: 'agent-7', role: 'agent' }, text: 'NOTE-TEXT' });
  await store.close();
  editRows(db, (file) => {
    file
      .prepare("UPDATE events SET body = replace(replace(body, 'A-NAME-B', ?), '\"NOTE-TEXT\"', ?)")
      .run(JSON.stringify('A\u202eB').slice(1, -1), JSON.stringify(forged));
  });

  // Shown only when asked for: without --reveal the note and the summary are hidden.
  const hidden = await runCli(['audit', complaintId, '--store', db]);
  expect(hidden.code, hidden.stderr).toBe(0);
  expect(hidden.stdout).not.toContain('called back');
  expect(hidden.stdout).toContain('Note: (personal data, hidden)');

  const r = await runCli(['audit', complaintId, '--reveal', '--store', db]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.split('\n')[0]).toMatch(/^PERSONAL DATA: /);
  const timeline = r.stdout.split('\n\n')[2]?.split('\n').slice(1) ?? [];
  // Received, acknowledged (by phone, at once), the note.
  expect(timeline).toHaveLength(3);
  expect(timeline[2]).toContain('called back\\n  v4');
  expect(r.stdout).not.toMatch(/[\u0000\u001b\r\u202e]/);
  expect(r.stdout).not.toMatch(/^ {2}v4 /m);

  const replay = await runCli(['replay', complaintId, '--reveal', '--store', db]);
  expect(replay.code, replay.stderr).toBe(0);
  expect(replay.stdout).toContain('Kettle\\n  stage       reviewed (closed)');
  expect(replay.stdout).not.toMatch(/^ {2}stage {7}reviewed/m);
});
