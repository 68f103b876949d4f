/** Headers every answer of the API carries: complaint data is never cached by the way. */
const NO_STORE = { 'cache-control': 'no-store' } as const;

/**
 * A JSON response.
 *
 * @example
 * return json(200, { ok: true }, { etag: '"3"' });
 */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
  });

/** The header that marks a response holding personal data, revealed on request. */
export const PERSONAL_DATA_HEADER = 'redress-personal-data';
