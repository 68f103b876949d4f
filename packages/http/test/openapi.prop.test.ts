import { fc, test as prop } from '@fast-check/vitest';
import { COMMAND_TYPES, type CommandType } from '@redress/core';
import { RESERVED_FIELDS } from '@redress/http';
import { commandOf, invalidCommand } from '@redress/testing';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, test } from 'vitest';
import { direct, intake, setUp } from './fixtures';

const { api } = setUp({ basePath: '/api' });
const call = direct(api);
const doc = (await call(undefined, 'GET', '/api/openapi.json')).json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));

/** The doc's schema of a command's body. */
const bodySchemaOf = (type: CommandType) => {
  const path = type === 'receive' ? '/api/complaints' : `/api/complaints/{id}/commands/${type}`;
  return doc.paths[path].post.requestBody.content['application/json'].schema;
};
const validators = Object.fromEntries(COMMAND_TYPES.map((t) => [t, ajv.compile(bodySchemaOf(t))]));

/** A command as the body of its request: the fields the URL, authentication and headers give taken out. */
const bodyOf = (command: Record<string, unknown>) => {
  const body = { ...command };
  for (const f of RESERVED_FIELDS) if (!(command.type === 'receive' && f === 'complaintId')) delete body[f];
  return body;
};

const complaint = (await call('agent', 'POST', '/api/complaints', intake())).json.complaintId as string;
const send = (type: CommandType, body: unknown) =>
  call(
    'supervisor',
    'POST',
    type === 'receive' ? '/api/complaints' : `/api/complaints/${complaint}/commands/${type}`,
    body,
  );

describe('/openapi.json', () => {
  test('is OpenAPI 3.1 and documents exactly the routes the router serves', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(api.routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(documented).toHaveLength(COMMAND_TYPES.length + 9);
    // Each documented route answers on the server (no ROUTE_NOT_FOUND), and an undocumented one does not.
    for (const line of documented) {
      const [method, path] = line.split(' ') as [string, string];
      // The live stream stays open: the events test reads it.
      if (path.endsWith('/events')) continue;
      const answer = await call(
        'supervisor',
        method,
        path.replace('{id}', complaint),
        method === 'POST' ? {} : undefined,
      );
      expect(answer.json?.code, line).not.toBe('ROUTE_NOT_FOUND');
    }
    expect((await call('supervisor', 'GET', `/api/complaints/${complaint}/commands/accept`)).json.code).toBe(
      'ROUTE_NOT_FOUND',
    );
    expect((await call('supervisor', 'POST', '/api/complaints/x/commands/fly')).json.code).toBe('ROUTE_NOT_FOUND');
  });

  test('what the routes answer matches the schemas the document gives for it', async () => {
    const checks: [string, string, string, unknown?][] = [
      ['get', '/api/complaints/{id}', `/api/complaints/${complaint}`],
      ['get', '/api/complaints/{id}/history', `/api/complaints/${complaint}/history`],
      ['get', '/api/complaints/{id}/allowed-commands', `/api/complaints/${complaint}/allowed-commands`],
      ['get', '/api/complaints/{id}/verify', `/api/complaints/${complaint}/verify`],
      ['get', '/api/complaints/{id}/audit', `/api/complaints/${complaint}/audit`],
      ['get', '/api/complaints', '/api/complaints?limit=1'],
      ['get', '/api/statistics', '/api/statistics'],
      [
        'post',
        '/api/complaints/{id}/commands/addNote',
        `/api/complaints/${complaint}/commands/addNote`,
        { text: 'Called' },
      ],
    ];
    for (const [method, template, path, body] of checks) {
      const answer = await call('supervisor', method.toUpperCase(), path, body);
      const schema = doc.paths[template][method].responses[answer.status]?.content?.['application/json']?.schema;
      expect(schema, `${template} ${answer.status}`).toBeDefined();
      const valid = ajv.compile(schema);
      expect(valid(answer.json), `${template}: ${JSON.stringify(valid.errors)}`).toBe(true);
    }
    const problem = await call('supervisor', 'POST', `/api/complaints/${complaint}/commands/approveRemedy`, {
      proposalId: 'P9',
    });
    const schema =
      doc.paths['/api/complaints/{id}/commands/approveRemedy'].post.responses[problem.status].content[
        'application/problem+json'
      ].schema;
    expect(ajv.compile(schema)(problem.json)).toBe(true);
  });

  test('every command body schema is the engine schema: actor, type and commandId are not in it', () => {
    for (const type of COMMAND_TYPES) {
      const schema = bodySchemaOf(type);
      expect(schema.additionalProperties, type).toBe(false);
      expect(Object.keys(schema.properties ?? {})).not.toContain('actor');
      expect(Object.keys(schema.properties ?? {})).not.toContain('commandId');
    }
  });

  prop.prop([fc.constantFrom(...COMMAND_TYPES).chain((t) => commandOf(t, { complaintId: complaint }))], {
    numRuns: 60,
  })(
    'a well-formed command: the document’s schema accepts its body, and the server does not refuse it as invalid',
    async (command) => {
      const body = bodyOf(command as Record<string, unknown>);
      const type = command.type as CommandType;
      expect(validators[type]?.(body), JSON.stringify(validators[type]?.errors)).toBe(true);
      const answer = await send(type, body);
      expect([422, 400, 413, 415]).not.toContain(answer.status);
    },
  );

  prop.prop([invalidCommand()], { numRuns: 80 })(
    'a malformed command: the server refuses it with 422, and the document’s schema refuses it too',
    async ({ command, kind, field }) => {
      fc.pre(kind !== 'unknownType' && !RESERVED_FIELDS.some((f) => field === f || field.startsWith(`${f}.`)));
      const type = command.type as CommandType;
      const body = bodyOf(command);
      const answer = await send(type, body);
      expect(answer.status).toBe(422);
      // Blank text passes a schema's minLength, and the server trims it first: the one place the document is looser.
      if (kind !== 'tooShort') expect(validators[type]?.(body)).toBe(false);
    },
  );
});
