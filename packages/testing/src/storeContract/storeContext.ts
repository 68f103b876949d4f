import { isRedressError, type EventStore, type RedressErrorCode, type StoredEvent } from '@redress/core';
import { afterEach, beforeEach, expect } from 'vitest';

/**
 * What a contract-suite factory returns: a fresh, empty store and how to dispose of it.
 *
 * @example
 * const made: StoreUnderTest = { store: memoryStore() };
 */
export interface StoreUnderTest {
  readonly store: EventStore;
  readonly cleanup?: () => Promise<void>;
}

/**
 * Makes a fresh, empty store for each test of the suite.
 *
 * @example
 * const factory: StoreFactory = async () => ({ store: sqliteStore({ path: tempFile() }) });
 */
export type StoreFactory = () => Promise<StoreUnderTest>;

/** A fresh store for every test of the enclosing `describe`. */
export const storeContext = (factory: StoreFactory) => {
  let current: StoreUnderTest | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    await done?.store.close?.();
    await done?.cleanup?.();
  });
  return {
    get store(): EventStore {
      if (current === undefined) throw new Error('The store is only available inside a test');
      return current.store;
    },
  };
};

/**
 * Read an async iterable to the end.
 *
 * @example
 * const events = await collect(store.readStream('C-1'));
 */
export const collect = async <T>(source: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
};

/** Every event of the store, in global order. */
export const readEverything = (store: EventStore): Promise<StoredEvent[]> => collect(store.readAll());

/** Expect `work` to fail with a RedressError of `code`; returns the error for further checks. */
export const expectRedressError = async (work: Promise<unknown> | (() => Promise<unknown>), code: RedressErrorCode) => {
  let caught: unknown;
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ${code} RedressError`).toBeDefined();
  expect(isRedressError(caught), `expected a RedressError, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  return caught as Error & { code: RedressErrorCode; details: unknown };
};

/** The events as the store should give them back: everything but `position`. */
export const withoutPosition = (events: readonly StoredEvent[]) => events.map(({ position: _p, ...rest }) => rest);
