import { describe, expect, test } from 'vitest';
import { createEngine } from '../../engine/createEngine';
import { sequentialIds } from '../../engine/ids';
import { isRedressError } from '../../errors/redressError';
import { memoryStore } from '../memoryStore';
import { rowReader } from './rowReader';

const agent = { id: 'agent-1', role: 'agent' } as const;
const store = memoryStore();
const engine = createEngine({ store, ids: sequentialIds(), privacy: 'plaintext' });
const { complaintId } = await engine.execute({
  type: 'receive',
  actor: agent,
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳' },
  summary: 'Kettle leaks',
});
await engine.execute({ type: 'addNote', complaintId, actor: agent, text: 'Called back' });
/** A NoteAdded's body as a store would hold it (without its position), moved to version 2 for the tests. */
const added = (await engine.history(complaintId)).find((e) => e.type === 'NoteAdded')!;
const { position: _, ...stored } = added;
const note = JSON.stringify({ ...stored, version: 2 });

const failure = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    if (isRedressError(error, 'TAMPERED')) return error;
    throw error;
  }
  throw new Error('expected TAMPERED');
};

describe('rowReader', () => {
  const file = rowReader({ holder: 'the file' });
  const table = rowReader({ holder: 'the table', table: ' of "redress".events' });

  test('a body that names its row comes back as the event, with the row position', () => {
    const event = file.event(7, complaintId, 2, note);
    expect(event).toMatchObject({ streamId: complaintId, version: 2, type: 'NoteAdded', position: 7 });
    expect(file.trustedEvent(8, note, () => ({ streamId: 'unused', version: 0 })).position).toBe(8);
  });

  test.each([
    ['invalid JSON', '{"id": broken', 'is not valid JSON'],
    ['a JSON array', '[1, 2]', 'is not a JSON object'],
    ['JSON null', 'null', 'is not a JSON object'],
    [
      'an object that is not an event',
      '{"v":1}',
      'fails its check: A stored event does not have the shape of a Redress event',
    ],
    [
      'another version of the stream',
      note.replace('"version":2', '"version":3'),
      `says it is ${complaintId} v3 but its row is ${complaintId} v2`,
    ],
    [
      'another stream',
      note.replaceAll(`"${complaintId}"`, '"C-8"'),
      `says it is C-8 v2 but its row is ${complaintId} v2`,
    ],
    [
      'a failing data schema',
      note.replace('"Called back"', '""'),
      `fails its check: Stored event ${complaintId} v2 (NoteAdded) fails its schema: text:`,
    ],
  ])('%s is TAMPERED, naming the row and what is wrong', (_what, body, why) => {
    const error = failure(() => file.event(2, complaintId, 2, body));
    expect(error.message).toContain(`Stored event ${complaintId} v2 (position 2) ${why}`);
    expect(error.message).toMatch(/; the file does not hold what Redress wrote, restore it from a backup$/);
    expect(error.details).toEqual({ streamId: complaintId, version: 2, position: 2 });
  });

  test('a store with tables names the table, and its advice names a table', () => {
    const error = failure(() => table.event(41, complaintId, 3, note));
    expect(error.message).toBe(
      `Stored event ${complaintId} v3 (position 41 of "redress".events) says it is ${complaintId} v2 but its row is ${complaintId} v3; the table does not hold what Redress wrote, restore it from a backup`,
    );
  });

  test('a body that does not name a stream and version is named by its check, which says what is missing', () => {
    const { streamId: _, ...nameless } = JSON.parse(note) as Record<string, unknown>;
    const error = failure(() => file.event(2, complaintId, 2, JSON.stringify(nameless)));
    expect(error.message).toContain(
      'fails its check: A stored event does not have the shape of a Redress event: streamId:',
    );
  });

  test('a trusted row is not compared with its columns; a failure names them from placeOf', () => {
    expect(
      file.trustedEvent(2, note.replace('"version":2', '"version":3'), () => ({ streamId: complaintId, version: 2 }))
        .version,
    ).toBe(3);
    const error = failure(() => file.trustedEvent(2, '{', (position) => ({ streamId: `S-${position}`, version: 9 })));
    expect(error.message).toMatch(/^Stored event S-2 v9 \(position 2\) is not valid JSON; the file/);
    expect(error.details).toEqual({ streamId: 'S-2', version: 9, position: 2 });
  });
});
