import { HttpProblem } from './problem';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The request's JSON body, read up to `maxBytes`. No body at all reads as `{}`
 * (a command with no fields, such as `resume`). Refusals: a content type other
 * than JSON (415), a body over the limit (413, read no further than the limit),
 * text that is not UTF-8 JSON (400), JSON that is not an object (422).
 *
 * @example
 * const fields = await readJsonBody(request, 64 * 1024);
 */
export const readJsonBody = async (request: Request, maxBytes: number): Promise<Record<string, unknown>> => {
  const declared = request.headers.get('content-length');
  // With a length the framing holds the body to it: read whole (the Node adapter's fast path), else chunk by chunk.
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  const bytes = declared === null ? await readLimited(request, maxBytes) : new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  if (bytes.byteLength === 0) return {};
  const type = request.headers.get('content-type');
  if (type === null || !JSON_TYPE.test(type)) {
    throw new HttpProblem(
      'UNSUPPORTED_MEDIA_TYPE',
      `The body must be JSON: send it with Content-Type: application/json (got ${type === null ? 'no content type' : JSON.stringify(type.slice(0, 100))})`,
      { contentType: type?.slice(0, 100) ?? null },
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpProblem('MALFORMED_JSON', 'The body is not UTF-8 text; send JSON encoded as UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text around the fault, which may be personal data: only its place is kept.
    const where = /position (\d+)/.exec(String((error as Error).message))?.[1];
    throw new HttpProblem(
      'MALFORMED_JSON',
      `The body is not valid JSON${where === undefined ? '' : ` (at character ${where})`}; send one JSON object`,
      where === undefined ? {} : { position: Number(where) },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpProblem('MALFORMED_JSON', 'The body must be one JSON object, such as {"text": "Called back"}');
  }
  return value as Record<string, unknown>;
};

/** A body of unknown length (chunked), read no further than one chunk past the limit. */
const readLimited = async (request: Request, maxBytes: number): Promise<Uint8Array> => {
  if (request.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
};

const tooLarge = (maxBytes: number) =>
  new HttpProblem('BODY_TOO_LARGE', `The body is larger than ${maxBytes} bytes; send less`, { maxBytes });
