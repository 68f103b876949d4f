/**
 * What a personal field reads as once its subject was erased: the data key is
 * destroyed, so the ciphertext in the log can never be read again. A typed
 * marker, not an error, so an erased complaint still loads, counts in the
 * statistics and keeps its deadlines.
 *
 * @example
 * const name = complaint.complainant.name; // string | Erased
 * console.log(isErased(name) ? '(erased)' : name);
 */
export interface Erased {
  readonly erased: true;
}

/**
 * The one {@link Erased} marker (frozen).
 *
 * @example
 * decryptFields(data, place, () => ERASED).complainant.name; // { erased: true }
 */
export const ERASED: Erased = Object.freeze({ erased: true as const });

/**
 * Whether a value is the {@link Erased} marker (checked by shape, so a marker
 * that went through JSON still counts).
 *
 * @example
 * isErased({ erased: true }); // true
 * isErased('王芳'); // false
 */
export const isErased = (value: unknown): value is Erased =>
  typeof value === 'object' &&
  value !== null &&
  (value as { erased?: unknown }).erased === true &&
  Object.keys(value).length === 1;
