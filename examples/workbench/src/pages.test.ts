import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formClient, testWorkbench } from './session.testkit';
import { pickLang } from './i18n';

const t = testWorkbench();
let id = '';

beforeAll(async () => {
  const agent = formClient(t.wb);
  await agent.signIn('agent-7');
  const form = await agent.get('/complaints/new');
  const r = await agent.post(
    '/complaints',
    {
      channel: 'phone',
      category: 'quality',
      'complainant.name': 'O\'Brien "<b>bold</b>"',
      'complainant.phone': '+86 138 0000 0000',
      summary: '<img src=x onerror=alert(1)> and "><script>alert(2)</script>',
      _key: 'form-1',
    },
    form.text,
  );
  expect(r.status).toBe(303);
  id = decodeURIComponent(/\/complaints\/([^?]+)\?done=receive/.exec(r.location ?? '')?.[1] ?? '');
});
afterAll(() => t.close());

describe('the workbench pages, over the HTTP API and a SQLite file', () => {
  test('without a session every page sends you to sign in; a forged session cookie is no session', async () => {
    const anonymous = formClient(t.wb);
    expect((await anonymous.get('/')).location).toBe('/signin');
    expect((await anonymous.get(`/complaints/${id}`)).location).toBe('/signin');
    const forged = formClient(t.wb);
    forged.jar.set('wb_session', encodeURIComponent('sup-wang|1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='));
    expect((await forged.get('/approvals')).location).toBe('/signin');
    expect((await anonymous.get('/api/complaints')).status).toBe(401);
  });

  test('the complaint id is the only thing in a URL; personal data is escaped for those who may see it', async () => {
    const handler = formClient(t.wb);
    await handler.signIn('handler-li');
    const page = await handler.get(`/complaints/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      '&lt;img src=x onerror=alert(1)&gt; and &quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;',
    );
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('O&#39;Brien &quot;&lt;b&gt;bold&lt;/b&gt;&quot;');
    // The queue shows no personal field at all.
    const queue = await handler.get('/');
    expect(queue.text).toContain(id);
    expect(queue.text).not.toContain('Brien');
    expect(queue.text).not.toContain('onerror');
  });

  test('a department, which revealRoles leaves out, sees that personal data is hidden, not what it is', async () => {
    const handler = formClient(t.wb);
    await handler.signIn('handler-li');
    const before = await handler.get(`/complaints/${id}`);
    const accepted = await handler.post(
      `/complaints/${id}/commands/accept`,
      {
        department: 'quality-control',
        priority: 'high',
        _version: /name="_version" value="(\d+)"/.exec(before.text)?.[1] ?? '',
      },
      before.text,
    );
    expect(accepted.status).toBe(303);
    const qc = formClient(t.wb);
    await qc.signIn('qc-zhang');
    const page = await qc.get(`/complaints/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('hidden: your role may not see personal data');
    for (const secret of ['Brien', 'onerror', '138 0000']) expect(page.text).not.toContain(secret);
    // Another department does not see the complaint at all.
    const svc = formClient(t.wb);
    await svc.signIn('svc-chen');
    expect((await svc.get('/')).text).not.toContain(id);
    expect((await svc.get(`/complaints/${id}`)).status).toBe(403);
  });

  test('a form field claiming role=supervisor or another actor changes nothing: the actor is the session', async () => {
    const qc = formClient(t.wb);
    await qc.signIn('qc-zhang');
    const page = await qc.get(`/complaints/${id}`);
    const before = (await t.wb.engine.history(id)).length;
    // Posing as the supervisor on a supervisor's command: refused for the role the session has.
    const posing = await qc.post(
      `/complaints/${id}/commands/extendDeadline`,
      { deadline: 'resolve', reason: 'More time', role: 'supervisor', 'actor.role': 'supervisor', actor: 'sup-wang' },
      page.text,
    );
    expect(posing.status).toBe(403);
    expect(posing.text).toContain('role="alert"');
    expect(posing.text).toMatch(/qc-zhang|department/);
    expect((await t.wb.engine.history(id)).length).toBe(before);
    // A command the role may give is recorded under the session's actor, whatever the form says.
    const note = await qc.post(
      `/complaints/${id}/commands/addNote`,
      { text: 'Batch checked', role: 'supervisor', actor: 'sup-wang', 'actor.id': 'sup-wang' },
      page.text,
    );
    expect(note.status).toBe(303);
    const last = (await t.wb.engine.history(id)).at(-1);
    expect(last?.type).toBe('NoteAdded');
    expect(last?.actor).toEqual({ id: 'qc-zhang', role: 'department', department: 'quality-control' });
  });

  test('a form without the CSRF token, or from another origin, is refused and appends nothing', async () => {
    const qc = formClient(t.wb);
    await qc.signIn('qc-zhang');
    const page = await qc.get(`/complaints/${id}`);
    const before = (await t.wb.engine.history(id)).length;
    const noToken = await qc.post(`/complaints/${id}/commands/addNote`, { text: 'x', _csrf: '' }, page.text);
    expect(noToken.status).toBe(403);
    const otherToken = await qc.post(
      `/complaints/${id}/commands/addNote`,
      { text: 'x', _csrf: 'A'.repeat(32) },
      page.text,
    );
    expect(otherToken.status).toBe(403);
    const foreign = await qc.post(`/complaints/${id}/commands/addNote`, { text: 'x' }, page.text, {
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect((await t.wb.engine.history(id)).length).toBe(before);
    // The session cookie is HttpOnly and SameSite.
    const fresh = await qc.get('/signin');
    const again = await qc.post('/signin', { staff: 'qc-zhang' }, fresh.text);
    const cookies = again.headers.getSetCookie().join('\n');
    expect(cookies).toMatch(/wb_session=[^;]+;.*HttpOnly/);
    expect(cookies).toMatch(/wb_session=[^;]+;.*SameSite=Lax/);
  });

  test("a refusal is shown inline in the engine's words, beside the form, with what was typed", async () => {
    const qc = formClient(t.wb);
    await qc.signIn('qc-zhang');
    const page = await qc.get(`/complaints/${id}`);
    const r = await qc.post(
      `/complaints/${id}/commands/recordInvestigation`,
      { rootCause: 'Seal <worn>', responsibleParty: '' },
      page.text,
    );
    expect(r.status).toBe(422);
    expect(r.text).toMatch(/<p class="error" role="alert" id="recordInvestigation-error">.*responsibleParty/s);
    expect(r.text).toContain('Seal &lt;worn&gt;</textarea>');
    // A form read at an older version is refused with the version it is at now.
    const stale = await qc.post(`/complaints/${id}/commands/addNote`, { text: 'late', _version: '1' }, page.text);
    expect(stale.status).toBe(412);
    expect(stale.text).toContain('read it again');
  });

  test('Chinese from Accept-Language or the switch; the switch goes back only to a page of this site', async () => {
    expect(pickLang(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(pickLang(undefined, 'fr-FR, en;q=0.5')).toBe('en');
    expect(pickLang(undefined, 'en;q=0.2, zh-TW;q=0.8')).toBe('zh');
    expect(pickLang('en', 'zh-CN')).toBe('en');
    const zh = formClient(t.wb, undefined, { 'accept-language': 'zh-CN,zh;q=0.9' });
    await zh.signIn('sup-wang');
    const queue = await zh.get('/');
    expect(queue.text).toContain('<html lang="zh-CN">');
    expect(queue.text).toContain('待办队列');
    const switched = await zh.post('/lang', { lang: 'en', back: '//evil.example/x' }, queue.text);
    expect(switched.location).toBe('/');
    const back = await zh.post('/lang', { lang: 'en', back: `/complaints/${id}` }, queue.text);
    expect(back.location).toBe(`/complaints/${id}`);
    expect((await zh.get('/')).text).toContain('<html lang="en">');
  });

  test('the statistics page draws its charts from the API table; the audit page shows the verification', async () => {
    const sup = formClient(t.wb);
    await sup.signIn('sup-wang');
    const stats = await sup.get('/stats');
    expect(stats.status).toBe(200);
    expect(stats.text).toMatch(/<g class="bar" data-key="quality" data-value="1">/);
    expect(stats.text).toContain('id="by-month"');
    const audit = await sup.get(`/complaints/${id}/audit`);
    expect(audit.text).toContain('data-ok="true"');
    expect(audit.text).toContain('The hash chain holds');
    // The logs of the API name routes and actors, never what the complainant wrote.
    expect(t.logs.join('\n')).not.toMatch(/Brien|onerror|138 0000/);
  });
});

describe('search by contact', () => {
  test('a POSTed phone finds the complaint through the blind index; the contact is in no URL; a department may not', async () => {
    const agent = formClient(t.wb);
    await agent.signIn('agent-7');
    const form = await agent.get('/search');
    expect(form.text).toContain('<form method="post" action="/search">');
    const found = await agent.post('/search', { contact: '+86 138 0000 0000' }, form.text);
    expect(found.status).toBe(200);
    expect(found.text).toContain(`<a href="/complaints/${id}">${id}</a>`);
    expect(found.location).toBeNull();
    const none = await agent.post('/search', { contact: 'nobody@example.com' }, form.text);
    expect(none.text).toContain('Complaints of this contact: 0');
    const qc = formClient(t.wb);
    await qc.signIn('qc-zhang');
    expect((await qc.get('/search')).status).toBe(403);
    const page = await qc.get('/');
    expect((await qc.post('/search', { contact: '+86 138 0000 0000' }, page.text)).status).toBe(403);
    // The signed-in browser reaches the API (the printable audit report) with its session, nothing else.
    const report = await agent.get(`/api/complaints/${id}/audit?format=html`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/html');
  });
});
