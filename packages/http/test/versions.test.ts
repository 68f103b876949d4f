import { describe, expect, test } from 'vitest';
import { direct, eventCount, intake, setUp } from './fixtures';

describe('versions and retries the HTTP way', () => {
  test('ETag is the version; If-Match runs the command only at that version, else 412 and nothing appended', async () => {
    const { api, engine } = setUp();
    const call = direct(api);
    const created = await call('agent', 'POST', '/complaints', intake());
    const id = created.json.complaintId as string;
    const read = await call('agent', 'GET', `/complaints/${id}`);
    expect(read.headers.get('etag')).toBe('"2"');
    expect(read.json.version).toBe(2);
    const note = (text: string, ifMatch: string) =>
      call('agent', 'POST', `/complaints/${id}/commands/addNote`, { text }, { 'if-match': ifMatch });
    expect((await note('first', '"2"')).headers.get('etag')).toBe('"3"');
    const stale = await note('second', '"2"');
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({
      code: 'PRECONDITION_FAILED',
      details: { complaintId: id, expected: [2], actual: 3 },
    });
    expect(stale.headers.get('etag')).toBe('"3"');
    expect((await note('weak tags never match', 'W/"3"')).status).toBe(412);
    expect((await note('either', '"9", "3"')).status).toBe(200);
    expect((await note('any', '*')).status).toBe(200);
    expect((await note('garbage', 'three')).status).toBe(400);
    expect(await eventCount(engine)).toBe(5);
    // A complaint as it was: at a version, and at a time.
    const then = await call('agent', 'GET', `/complaints/${id}?atVersion=2`);
    expect(then.json).toMatchObject({ version: 2, notes: 0 });
    expect(then.headers.get('etag')).toBe('"2"');
    const at = (await engine.history(id))[0]?.occurredAt as string;
    expect(
      (await call('agent', 'GET', `/complaints/${id}?at=${encodeURIComponent(at)}`)).json.version,
    ).toBeLessThanOrEqual(2);
    expect((await call('agent', 'GET', `/complaints/${id}?atVersion=99`)).status).toBe(422);
  });

  test('eight concurrent commands, all If-Match the same version: exactly one wins', async () => {
    const { api, engine } = setUp();
    const call = direct(api);
    const id = (await call('agent', 'POST', '/complaints', intake())).json.complaintId as string;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call('agent', 'POST', `/complaints/${id}/commands/addNote`, { text: `note ${i}` }, { 'if-match': '"2"' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    expect((await engine.load(id)).notes).toBe(1);
  });

  test('Idempotency-Key is the commandId: a repeat returns the first result and appends nothing', async () => {
    const { api, engine } = setUp();
    const call = direct(api);
    const first = await call('agent', 'POST', '/complaints', intake(), { 'idempotency-key': 'form-42' });
    const again = await call('agent', 'POST', '/complaints', intake(), { 'idempotency-key': 'form-42' });
    expect(first.status).toBe(201);
    expect(again.json.complaintId).toBe(first.json.complaintId);
    expect(again.json.events).toEqual(first.json.events);
    expect(again.json.duplicate).toBe(true);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const id = first.json.complaintId as string;
    const noted = await call(
      'agent',
      'POST',
      `/complaints/${id}/commands/addNote`,
      { text: 'once' },
      { 'idempotency-key': 'n-1', 'if-match': '"2"' },
    );
    // Retried after the version moved on: still the first result, not a 412.
    const retried = await call(
      'agent',
      'POST',
      `/complaints/${id}/commands/addNote`,
      { text: 'once' },
      { 'idempotency-key': 'n-1', 'if-match': '"2"' },
    );
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ duplicate: true, version: noted.json.version, events: noted.json.events });
    const reused = await call(
      'agent',
      'POST',
      `/complaints/${id}/commands/addNote`,
      { text: 'other' },
      { 'idempotency-key': 'n-1' },
    );
    expect(reused.status).toBe(409);
    expect(
      (await call('agent', 'POST', '/complaints', intake(), { 'idempotency-key': 'no spaces allowed' })).status,
    ).toBe(400);
    expect(await eventCount(engine)).toBe(3);
  });
});
