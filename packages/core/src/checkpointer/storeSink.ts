import { parseCheckpoint } from '../checkpoint/checkpoint';
import { shownText } from '../checkpoint/shownText';
import { parseSignedNote } from '../checkpoint/signedNote';
import { RedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { storeCall } from '../store/storeCall';
import type { CheckpointTable } from './checkpointTable';
import type { CheckpointSink } from './sink';

/**
 * The store's own table of checkpoints as a sink: convenient (an app finds
 * its latest checkpoint where its events are) and the arbiter between app
 * instances signing one log — its `claim` keeps the first checkpoint of each
 * size, and refuses with `TAMPERED` a checkpoint of the same size with
 * another root, before any sink publishes it. It proves nothing to an
 * auditor: whoever can write the database can write this table too. Trust
 * comes from the copies outside it (a directory elsewhere, a witness).
 *
 * @example
 * const sink = storeSink(store); // store.checkpointNotes, or a table given
 */
export const storeSink = (store: Pick<EventStore, 'checkpointNotes'> | CheckpointTable): CheckpointSink => {
  const table = 'claim' in store ? store : store.checkpointNotes;
  if (table === undefined)
    throw new RedressError(
      'VALIDATION',
      'storeSink needs a store that keeps a table of checkpoints (store.checkpointNotes); every Redress store does',
      { option: 'store' },
    );
  return {
    name: 'store',
    async claim(checkpoint) {
      const held = await storeCall(() => table.claim(checkpoint));
      if (held.rootHash !== checkpoint.rootHash)
        throw new RedressError(
          'TAMPERED',
          `Another signer published a different tree of ${checkpoint.size} events of ${shownText(checkpoint.origin)} (root ${held.rootHash.slice(0, 12)}…, this signer's store gives ${checkpoint.rootHash.slice(0, 12)}…): nothing was published. Two trees of one size mean the log forked; run \`redress verify --trusted\``,
          { origin: checkpoint.origin, size: checkpoint.size },
        );
      return held.note;
    },
    async latest(origin) {
      const held = await storeCall(() => table.latest(origin));
      return held === undefined ? undefined : parseCheckpoint(parseSignedNote(held.note).text);
    },
    // Claimed already: what it adds comes once every sink has, the witnesses' cosignatures.
    publish: async () => undefined,
    async settle(checkpoint) {
      await storeCall(() => table.cosigned(checkpoint.origin, checkpoint.size, checkpoint.note));
    },
  };
};
