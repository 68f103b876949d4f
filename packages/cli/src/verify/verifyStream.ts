import { verifyEvents, type VerifyResult } from '@redress/core';
import type { AnyActorScope } from 'xstate';
import type { RawStream } from '../source/source';
import { machineLegality } from './machineLegality';

/** A stream that failed verification, naming its first bad event. */
export interface BadEvent {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string | undefined;
  readonly where: string;
  readonly reason: string;
}

/**
 * Verify one stream as stored: JSON, envelope and data schema of every event,
 * versions, the hash chain, and legality by full replay through the XState
 * machine. Returns the first bad event, or `undefined`.
 *
 * @example
 * const bad = await verifyStream(stream, sharedScope());
 */
export const verifyStream = async (stream: RawStream, scope: AnyActorScope): Promise<BadEvent | undefined> => {
  const corrupt = stream.events.findIndex((e) => e.corrupt !== undefined);
  const whole = corrupt === -1 ? stream.events : stream.events.slice(0, corrupt);
  const values = whole.map((e) => e.value);
  const texts = whole.map((e) => e.text);
  const result: VerifyResult = await verifyEvents(values, {
    streamId: stream.streamId,
    legal: machineLegality(scope),
    texts,
  });
  if (!result.ok) {
    const at = stream.events[result.version - 1];
    return {
      streamId: stream.streamId,
      version: result.version,
      eventId: result.eventId,
      where: at?.where ?? '',
      reason: result.reason,
    };
  }
  if (corrupt !== -1) {
    const at = stream.events[corrupt];
    return {
      streamId: stream.streamId,
      version: corrupt + 1,
      eventId: undefined,
      where: at?.where ?? '',
      reason: at?.corrupt ?? 'is damaged',
    };
  }
  return undefined;
};
