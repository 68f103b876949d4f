import type { Checkpoint } from '../checkpoint/checkpoint';
import type { MerkleLog } from '../store/eventStore';
import { finding, nameOf, type FindingList } from './findings';
import { locate } from './locate';
import type { ReadLog } from './readLog';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Compare the log as read with the trusted checkpoint: its first `size` events
 * must give the checkpoint's root. When they do not, find how far the log
 * still agrees with it (see `locate`) and name what was done: events deleted
 * (fewer than the checkpoint covers, or a later event of the checkpoint's now
 * where an earlier one was), positions swapped (already found while reading,
 * at the first event that differs), or events rewritten. Returns how many
 * leaves are proven to be the checkpoint's own.
 *
 * @example
 * const agreedThrough = await againstCheckpoint(log, trusted, store.merkle, found);
 */
export const againstCheckpoint = async (
  log: ReadLog,
  checkpoint: Checkpoint,
  merkle: MerkleLog | undefined,
  found: FindingList,
): Promise<number> => {
  const events = log.tree.size;
  const size = checkpoint.size;
  if (events >= size && log.tree.root(size) === checkpoint.rootHash) return size;

  const { through, shiftedTo, sound } = await locate(log.tree, checkpoint, merkle, log.eventAt);
  const next = log.eventAt(through);
  const before = through > 0 ? log.eventAt(through - 1) : undefined;
  const agreed =
    through === 0
      ? ''
      : ` The log agrees with the checkpoint through its first ${plural(through, 'event')}${before === undefined ? '' : ` (to ${nameOf(before)})`}, as the store's tree proves.`;
  const where =
    merkle === undefined
      ? " Where cannot be told without the store's Merkle tree."
      : !sound && through === 0
        ? " Where cannot be told: the store's Merkle tree gives no proof of it (its tables were changed, or the rows holding them deleted)."
        : '';

  if (events < size || shiftedTo !== undefined) {
    const summary =
      events < size
        ? `The store holds ${plural(events, 'event')}, ${size - events} fewer than the ${size} the trusted checkpoint signed: events it covers were deleted (a complaint deleted whole, or cut short).`
        : 'Events the trusted checkpoint signed were deleted (a complaint deleted whole, or cut short), and others appended since.';
    const gone = shiftedTo === undefined ? 0 : shiftedTo - through;
    const gap =
      shiftedTo === undefined || next === undefined
        ? ''
        : ` The first ${gone === 1 ? 'event missing lies' : `${gone} events missing lie`} before ${nameOf(next)}, which the checkpoint has as its event ${shiftedTo + 1}.`;
    const after =
      through > 0 && through === events
        ? ` The checkpoint's last ${plural(size - events, 'event')} are not in the store.`
        : '';
    found.add(
      finding('deleted', shiftedTo === undefined ? undefined : next, `${summary}${agreed}${gap}${after}${where}`),
    );
    return through;
  }

  // Positions swapped were found while reading; where they are the first difference they explain it.
  if (found.has('reordered') && (next?.position === undefined || log.moved.has(next.position) || merkle === undefined))
    return through;

  const clean = !found.has('edited') && !found.has('chain') && !found.has('gap') && !found.has('malformed');
  const first =
    next === undefined || (through === 0 && !sound) || merkle === undefined
      ? ''
      : ` The first event not proven to be one it signed is ${nameOf(next)}${clean ? `: it and every later event of ${next.streamId} were rewritten, for its chain still links up` : ''}.`;
  found.add(
    finding(
      'rewritten',
      first === '' ? undefined : next,
      `The store's first ${size} events do not give the root the trusted checkpoint signed${clean ? ", though every event gives its own hash and every complaint's chain links up" : ''}: events it covers were changed and re-hashed, or replaced.${agreed}${first}${where}`,
    ),
  );
  return through;
};
