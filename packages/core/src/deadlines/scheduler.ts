import { RedressError } from '../errors/redressError';

/** Something that ticks: an engine. */
export interface Tickable {
  tick(now?: Date): Promise<unknown>;
  readonly clock: () => Date;
}

/** How often `scheduleTicks` ticks, and where its errors go. */
export interface SchedulerOptions {
  /** Milliseconds between ticks. */
  readonly everyMs: number;
  /** Called with errors of a tick; the scheduler keeps going. Default: ignore. */
  readonly onError?: (error: unknown) => void;
}

/** A running tick loop. */
export interface TickScheduler {
  start(): void;
  /** Stop ticking; resolves once a tick in flight has finished. */
  stop(): Promise<void>;
  readonly running: boolean;
}

/**
 * Call `engine.tick()` every `everyMs`, with the engine's clock. A tick never
 * overlaps the previous one: if one is still running the turn is skipped.
 *
 * @example
 * const ticks = scheduleTicks(engine, { everyMs: 60_000, onError: console.error });
 * ticks.start();
 * // … on shutdown
 * await ticks.stop();
 */
export const scheduleTicks = (engine: Tickable, options: SchedulerOptions): TickScheduler => {
  if (!(Number.isFinite(options.everyMs) && options.everyMs >= 1)) {
    throw new RedressError(
      'VALIDATION',
      `everyMs must be a number of milliseconds ≥ 1, got ${String(options.everyMs)}`,
    );
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  let inFlight: Promise<void> | undefined;

  const turn = () => {
    if (inFlight !== undefined) return;
    inFlight = engine
      .tick(engine.clock())
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        inFlight = undefined;
      });
  };

  return {
    start() {
      if (timer !== undefined) return;
      timer = setInterval(turn, options.everyMs);
      turn();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
    get running() {
      return timer !== undefined;
    },
  };
};
