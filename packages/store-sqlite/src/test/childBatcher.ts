/**
 * A writer process that is killed mid-run: `childBatcher.ts <file> <stream>`.
 * Appends 3-event batches with one outbox row each, forever, printing each
 * version it reached.
 */
import { testEvents } from '@redress/testing';
import { sqliteStore } from '../sqliteStore';

const [path, stream] = process.argv.slice(2) as [string, string];
const store = sqliteStore({ path });
let after: ReturnType<typeof testEvents>[number] | undefined;
for (;;) {
  const events = testEvents(stream, 3, { after, note: (i) => `batch note ${i} 批次` });
  const last = events[2]!;
  await store.append(stream, events, {
    expectedVersion: after?.version ?? 0,
    outbox: [
      {
        id: `out-${stream}-${last.version}`,
        streamId: stream,
        eventId: last.id,
        channel: 'email',
        payload: { v: last.version },
      },
    ],
  });
  after = last;
  process.stdout.write(`${last.version}\n`);
}
