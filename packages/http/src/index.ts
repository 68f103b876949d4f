/**
 * @redress/http — the Redress engine as a web-standard HTTP API: `Request` in,
 * `Response` out, with an OpenAPI 3.1 document from the engine's zod schemas.
 * @packageDocumentation
 * @module @redress/http
 */
export { httpHandler, type HttpHandler } from './httpHandler';
export { nodeListener, type FetchHandler } from './node';
export type { HttpOptions, RequestLog } from './options';
export { STATUS_OF_CODE, problemType, type Problem, type HttpProblemCode } from './problem';
export { HIDDEN, hideEvent, hiddenComplaint } from './personalData';
export { commandBodySchemas, RESERVED_FIELDS } from './schemas';
export { etagOf, parseIfMatch } from './conditional';
export { PERSONAL_DATA_HEADER } from './http';
export type { OpenApiDocument } from './openapi';
