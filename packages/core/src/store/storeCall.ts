import { RedressError, isRedressError } from '../errors/redressError';

const unavailable = (cause: unknown) =>
  new RedressError(
    'STORE_UNAVAILABLE',
    `The event store failed: ${cause instanceof Error ? cause.message : String(cause)}; nothing was appended, try again when the store is back`,
    undefined,
    { cause },
  );

/** Run a store call; anything but a RedressError becomes `STORE_UNAVAILABLE`. */
export const storeCall = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw isRedressError(error) ? error : unavailable(error);
  }
};

/** Read a store iterable to the end, with the same error mapping as `storeCall`. */
export const readStore = async <T>(source: AsyncIterable<T>, each: (item: T) => void): Promise<void> => {
  try {
    for await (const item of source) each(item);
  } catch (error) {
    throw isRedressError(error) ? error : unavailable(error);
  }
};
