import { describe, expect, test } from 'vitest';
import { createMachine } from 'xstate';
import { applyEvent } from './applyEvent';
import type { RecordedEvent } from './envelope';
import { deriveTransitionTable } from './transitionTable';
import { isRedressError } from '../errors/redressError';

const thrown = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

const note: RecordedEvent<'NoteAdded'> = {
  id: 'E-1',
  streamId: 'C-1',
  version: 1,
  type: 'NoteAdded',
  schemaVersion: 1,
  data: { text: 'first' },
  actor: { id: 'agent-1', role: 'agent' },
  occurredAt: '2026-01-05T09:00:00.000Z',
  correlationId: 'E-1',
  causationId: null,
  commandId: null,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
};

describe('refusals inside the lifecycle are RedressErrors', () => {
  test('a stream that does not begin with ComplaintReceived is TAMPERED, naming the event', () => {
    const error = thrown(() => applyEvent(undefined, note, 'received'));
    expect(isRedressError(error, 'TAMPERED')).toBe(true);
    expect((error as Error).message).toMatch(/first event must be ComplaintReceived, got NoteAdded/);
    expect((error as { details: unknown }).details).toEqual({ streamId: 'C-1', version: 1 });
  });

  test('a machine with a guard the table cannot evaluate is VALIDATION, naming the guard', () => {
    const machine = createMachine({
      initial: 'new',
      states: { new: { on: { ComplaintReceived: { guard: 'noSuchGuard', target: 'received' } } }, received: {} },
    });
    const error = thrown(() => deriveTransitionTable(machine as never));
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toMatch(/"noSuchGuard"/);
  });

  test('a machine without one of the stages is VALIDATION, naming the stage', () => {
    const machine = createMachine({ initial: 'new', states: { new: {} } });
    const error = thrown(() => deriveTransitionTable(machine as never));
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toMatch(/no state "received"/);
  });
});
