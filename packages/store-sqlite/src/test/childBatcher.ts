/**
 * A writer process that is killed mid-run: `childBatcher.ts <file> <stream>[,<stream>…] [worker|inline]`.
 * Appends 3-event batches with one outbox row each to every stream at once (so that, with the writer
 * thread, their appends share commits), forever, printing `<stream> <version>` once each append resolved.
 */
import { collect, testEvents } from '@redress/testing';
import { sqliteStore } from '../sqliteStore';

const [path, streams, writer = 'worker'] = process.argv.slice(2) as [string, string, 'worker' | 'inline'];
const store = sqliteStore({ path, writer });

const batches = async (stream: string) => {
  // Continues the stream where the file has it (a process killed before may have left some of it).
  let after: ReturnType<typeof testEvents>[number] | undefined = (await collect(store.readStream(stream))).at(-1);
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
    process.stdout.write(`${stream} ${last.version}\n`);
  }
};

await Promise.all(streams.split(',').map(batches));
