import { z } from 'zod';
import type { Route } from './route';
import { complaintIdSchema } from './schemas';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of what a request may send. */
const inputSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
};
const outputSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
};

const HEADER_DOCS: Readonly<Record<string, { description: string; schema: Record<string, unknown> }>> = {
  'If-Match': {
    description: 'Run only if the complaint is at this version: its ETag, such as "3". 412 otherwise.',
    schema: { type: 'string' },
  },
  'Idempotency-Key': {
    description: "The command's commandId: a repeat with the same key returns the first result and appends nothing.",
    schema: inputSchema(complaintIdSchema),
  },
  'Last-Event-ID': {
    description: 'Resume after this position (sent by a reconnecting EventSource).',
    schema: { type: 'string', pattern: '^\\d+$' },
  },
};

const RESPONSE_HEADERS: Readonly<Record<string, { description: string; schema: Record<string, unknown> }>> = {
  ETag: { description: "The complaint's version, quoted", schema: { type: 'string' } },
  Location: { description: 'The new complaint', schema: { type: 'string' } },
};

/** The path parameters of an OpenAPI path: `{id}` is a complaint id. */
export const pathParameters = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

/**
 * The OpenAPI 3.1 document of the routes: every path, its query, headers and
 * body from the zod schemas the handler validates with (`z.toJSONSchema`,
 * draft 2020-12), its responses and problems. Never written by hand.
 *
 * @example
 * const doc = openApiDocument(routes, { title: 'Complaints', version: '1.0.0' }, '/api');
 */
export const openApiDocument = (
  routes: readonly Route[],
  info: { readonly title: string; readonly version: string },
  basePath: string,
) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const query = inputSchema(route.query) as { properties?: Record<string, unknown>; required?: string[] };
    const parameters = [
      ...pathParameters(route.path).map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: inputSchema(complaintIdSchema),
      })),
      ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        schema,
      })),
      ...(route.headers ?? []).map((name) => ({ name, in: 'header', required: false, ...HEADER_DOCS[name] })),
    ];
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema === undefined
            ? {}
            : { content: { [r.contentType ?? 'application/json']: { schema: outputSchema(r.schema) } } }),
          ...(r.headers === undefined
            ? {}
            : {
                headers: Object.fromEntries(
                  r.headers.map((h) => [h, RESPONSE_HEADERS[h] ?? { schema: { type: 'string' } }]),
                ),
              }),
        },
      ]),
    );
    const item = paths[basePath + route.path] ?? {};
    paths[basePath + route.path] = item;
    item[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      tags: [...route.tags],
      ...(route.public === true ? { security: [] } : {}),
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(route.body === undefined
        ? {}
        : { requestBody: { required: true, content: { 'application/json': { schema: inputSchema(route.body) } } } }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: {
        app: {
          type: 'http',
          scheme: 'bearer',
          description:
            "The application's authenticate(request) hook decides who the actor is; the example uses signed JWTs.",
        },
      },
    },
    security: [{ app: [] }],
    paths,
  };
};

/** The OpenAPI document's type. */
export type OpenApiDocument = ReturnType<typeof openApiDocument>;
