import { parentPort } from 'node:worker_threads';
import { rawFrom, type RawStream } from '../source/source';
import { sharedScope } from './machineLegality';
import { verifyStream, type BadEvent } from './verifyStream';

/** What the pool sends a worker: streams as stored text. */
export interface VerifyBatch {
  readonly streams: readonly { readonly streamId: string; readonly texts: readonly string[]; readonly wheres: readonly string[]; readonly positions: readonly (number | null)[] }[];
}

/** What a worker answers for a batch. */
export interface VerifyAnswer {
  readonly failures: readonly BadEvent[];
  readonly events: number;
}

const scope = sharedScope();

parentPort?.on('message', async (batch: VerifyBatch) => {
  const failures: BadEvent[] = [];
  let events = 0;
  for (const s of batch.streams) {
    const stream: RawStream = { streamId: s.streamId, events: s.texts.map((t, i) => rawFrom(t, s.wheres[i] as string, s.positions[i] ?? undefined)) };
    events += stream.events.length;
    const bad = await verifyStream(stream, scope);
    if (bad !== undefined) failures.push(bad);
  }
  parentPort?.postMessage({ failures, events } satisfies VerifyAnswer);
});
