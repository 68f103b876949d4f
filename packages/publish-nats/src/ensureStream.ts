import { RedressError, shownText } from '@redress/core';
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** What the sink's stream should be. */
export interface StreamSettings {
  readonly name: string;
  readonly subjects: string;
  readonly duplicateWindowMs: number;
  readonly storage: 'file' | 'memory';
}

/** The server's code for a stream whose subjects another stream has (JSStreamSubjectOverlapErr). */
const SUBJECT_OVERLAP = 10065;

const notFound = (e: unknown) => e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNotFound;

/**
 * Make the stream if it is missing; if it is there, check it takes the
 * tenant's subjects and give it the duplicate window asked for. A stream that
 * exists without those subjects is a `VALIDATION` RedressError: nothing is
 * changed, since its subjects may serve another application.
 *
 * @example
 * await ensureStream(jsm, { name: 'redress-default', subjects: 'redress.default.>', duplicateWindowMs: 600_000, storage: 'file' });
 */
export const ensureStream = async (jsm: JetStreamManager, settings: StreamSettings): Promise<void> => {
  const window = nanos(settings.duplicateWindowMs);
  try {
    const info = await jsm.streams.info(settings.name);
    if (!info.config.subjects.includes(settings.subjects))
      throw new RedressError(
        'VALIDATION',
        `NATS stream ${shownText(settings.name)} exists without the subjects ${shownText(settings.subjects)} (it has ${info.config.subjects.map(shownText).join(', ') || 'none'}); nothing was changed. Add the subjects to it, or give natsPublisher another stream name`,
        { option: 'stream' },
      );
    if (info.config.duplicate_window !== window)
      await jsm.streams.update(settings.name, { ...info.config, duplicate_window: window });
  } catch (e) {
    if (!notFound(e)) throw e;
    await jsm.streams
      .add({
        name: settings.name,
        subjects: [settings.subjects],
        duplicate_window: window,
        storage: settings.storage === 'memory' ? StorageType.Memory : StorageType.File,
      })
      .catch((error: unknown) => {
        if (error instanceof JetStreamApiError && error.code === SUBJECT_OVERLAP)
          throw new RedressError(
            'VALIDATION',
            `Another NATS stream already takes subjects ${shownText(settings.subjects)}, so stream ${shownText(settings.name)} cannot be made; give natsPublisher that stream's name (stream), or another tenant`,
            { option: 'stream' },
            { cause: error },
          );
        throw error;
      });
  }
};
