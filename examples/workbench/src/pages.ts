import type { Audit } from '@redress/cli';
import {
  isRedressError,
  type Actor,
  type CommandType,
  type Complaint,
  type ComplaintListState,
  type Engine,
  type ProjectionRunner,
  type StatisticsRow,
  type StoredEvent,
  type VerifyResult,
} from '@redress/core';
import { etagOf, type HttpHandler } from '@redress/http';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { apiClient, detailOf, type ApiAnswer } from './apiClient';
import { COMMAND_FORMS, formBody, RECEIVE_FIELDS, type Field } from './forms';
import { type Messages, messages, pickLang } from './i18n';
import { csrfHolds, csrfToken, sessionActor, signIn, signOut } from './session';
import { staffById } from './staff';
import { approvalsView } from './views/approvals';
import { auditView } from './views/audit';
import { complaintView, type Refusal } from './views/complaint';
import { CSS, errorBox, type Html, layout, noticeBox, type PageContext } from './views/layout';
import { queueView } from './views/queue';
import { receiveView } from './views/receive';
import { searchView } from './views/search';
import { signInView } from './views/signIn';
import { statsView } from './views/stats';

type Env = { Variables: { m: Messages; actor: Actor | undefined; csrf: string; form: Record<string, unknown> } };

/** What the pages are made of. */
export interface PagesDeps {
  readonly engine: Engine;
  readonly api: HttpHandler;
  readonly actors: WeakMap<Request, Actor>;
  readonly queue: ProjectionRunner<ComplaintListState>;
  readonly secret: string;
  readonly revealRoles: readonly string[];
}

// No script runs on these pages, and nothing loads from elsewhere.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

const isCommand = (type: string): type is CommandType => Object.hasOwn(COMMAND_FORMS, type);

/** The string values of a form's declared fields: what was typed, to show again beside a refusal. */
const typed = (fields: readonly Field[], form: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    fields.flatMap((f) => (typeof form[f.name] === 'string' ? [[f.name, form[f.name] as string]] : [])),
  );

/** The pages of the workbench, as a Hono app: sign-in, queue, complaint, intake, approvals, statistics, audit. */
export const pages = (deps: PagesDeps): Hono<Env> => {
  const { engine, secret } = deps;
  const call = apiClient(deps.api, deps.actors);
  const app = new Hono<Env>();

  const ctx = (c: Context<Env>): PageContext => ({
    m: c.get('m'),
    actor: c.get('actor'),
    csrf: c.get('csrf'),
    path: new URL(c.req.url).pathname,
    search: c.get('actor') !== undefined && deps.revealRoles.includes((c.get('actor') as Actor).role),
  });
  const page = (c: Context<Env>, title: string, body: Html, status = 200) =>
    c.html(layout(ctx(c), title, body), status as 200);
  const failure = (c: Context<Env>, answer: ApiAnswer) =>
    page(c, c.get('m').t('refused'), errorBox(detailOf(answer)), answer.status);
  const reveals = (actor: Actor) => deps.revealRoles.includes(actor.role);

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!c.res.headers.has(k)) c.res.headers.set(k, v);
  });
  app.get('/workbench.css', (c) =>
    c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=300' }),
  );
  // The JSON API for scripts and the audit report's printable page, with the session's actor.
  app.all('/api/*', async (c) => {
    const actor = await sessionActor(c, secret, Date.now());
    if (actor !== undefined) deps.actors.set(c.req.raw, actor);
    return deps.api.fetch(c.req.raw);
  });

  app.use('*', bodyLimit({ maxSize: 64 * 1024 }));
  app.use('*', async (c, next) => {
    c.set('m', messages(pickLang(getCookie(c, 'wb_lang'), c.req.header('accept-language'))));
    c.set('actor', await sessionActor(c, secret, Date.now()));
    c.set('csrf', await csrfToken(c, secret));
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      const form = (await c.req.parseBody()) as Record<string, unknown>;
      if ((origin !== undefined && origin !== new URL(c.req.url).origin) || !(await csrfHolds(c, secret, form._csrf)))
        return page(c, c.get('m').t('refused'), errorBox(c.get('m').t('forbiddenForm')), 403);
      c.set('form', form);
    }
    await next();
  });

  app.get('/signin', (c) => page(c, c.get('m').t('signIn'), signInView(ctx(c), undefined)));
  app.post('/signin', async (c) => {
    const id = c.get('form').staff;
    if (typeof id !== 'string' || staffById(id) === undefined)
      return page(c, c.get('m').t('signIn'), signInView(ctx(c), c.get('m').t('who')), 422);
    await signIn(c, secret, id, Date.now());
    return c.redirect('/', 303);
  });
  app.post('/lang', (c) => {
    const { lang, back } = c.get('form');
    if (lang === 'en' || lang === 'zh')
      setCookie(c, 'wb_lang', lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, httpOnly: true });
    // Back to a page of this site only.
    const to = typeof back === 'string' && /^\/(?![/\\])[A-Za-z0-9/_.~-]*$/.test(back) ? back : '/';
    return c.redirect(to, 303);
  });

  // Everything below needs a signed-in member of staff.
  app.use('*', async (c, next) => {
    if (c.get('actor') === undefined) {
      if (c.req.method === 'GET') return c.redirect('/signin', 303);
      return page(c, c.get('m').t('signIn'), errorBox(c.get('m').t('signInFirst')), 401);
    }
    await next();
  });
  const actorOf = (c: Context<Env>) => c.get('actor') as Actor;

  app.post('/signout', (c) => {
    signOut(c);
    return c.redirect('/signin', 303);
  });

  app.get('/', async (c) => {
    const actor = actorOf(c);
    await deps.queue.catchUp();
    const open = [...deps.queue.state.values()].filter(
      (x) =>
        x.status === 'open' &&
        (!engine.policy.departmentScoped ||
          actor.department === undefined ||
          x.department === undefined ||
          x.department === actor.department),
    );
    return page(c, c.get('m').t('queue'), queueView(c.get('m'), open, engine.clock().getTime()));
  });

  app.get('/complaints/new', (c) => page(c, c.get('m').t('newComplaint'), receiveView(ctx(c), undefined)));
  app.post('/complaints', async (c) => {
    const form = c.get('form');
    const key = typeof form._key === 'string' && form._key !== '' ? { 'idempotency-key': form._key } : {};
    const r = await call<{ complaintId: string }>(
      actorOf(c),
      'POST',
      '/complaints',
      formBody(RECEIVE_FIELDS, form),
      key,
    );
    if (r.ok) return c.redirect(`/complaints/${encodeURIComponent(r.body.complaintId)}?done=receive`, 303);
    const refusal = { command: 'receive', message: detailOf(r), values: typed(RECEIVE_FIELDS, form) };
    return page(c, c.get('m').t('newComplaint'), receiveView(ctx(c), refusal), r.status);
  });

  const complaintPage = async (c: Context<Env>, id: string, refusal: Refusal | undefined, status = 200) => {
    const actor = actorOf(c);
    const q = reveals(actor) ? '?reveal=true' : '';
    const path = `/complaints/${encodeURIComponent(id)}`;
    const got = await call<Complaint>(actor, 'GET', `${path}${q}`);
    if (!got.ok) return failure(c, got);
    const [history, allowed] = await Promise.all([
      call<{ events: StoredEvent[] }>(actor, 'GET', `${path}/history${q}`),
      call<{ allowed: CommandType[] }>(actor, 'GET', `${path}/allowed-commands`),
    ]);
    if (!history.ok) return failure(c, history);
    if (!allowed.ok) return failure(c, allowed);
    const done = c.req.query('done');
    const shownDone = done !== undefined && (done === 'receive' || isCommand(done)) ? done : undefined;
    const body = complaintView(
      ctx(c),
      got.body,
      history.body.events,
      allowed.body.allowed,
      engine.clock().getTime(),
      refusal,
      shownDone,
    );
    return page(c, `${c.get('m').t('id')} ${id}`, body, status);
  };
  app.get('/complaints/:id', (c) => complaintPage(c, c.req.param('id'), undefined));

  /** Run a command from its form: the declared fields, the session's actor, the version the form was read at. */
  const runForm = async (c: Context<Env>, id: string, type: CommandType) => {
    const form = c.get('form');
    const fields = COMMAND_FORMS[type] ?? [];
    const headers: Record<string, string> = {};
    if (typeof form._version === 'string' && /^\d{1,9}$/.test(form._version))
      headers['if-match'] = etagOf(Number(form._version));
    const r = await call(
      actorOf(c),
      'POST',
      `/complaints/${encodeURIComponent(id)}/commands/${type}`,
      formBody(fields, form),
      headers,
    );
    return { r, refusal: { command: type, message: detailOf(r), values: typed(fields, form) } };
  };
  app.post('/complaints/:id/commands/:type', async (c) => {
    const { id, type } = c.req.param();
    if (!isCommand(type)) return page(c, c.get('m').t('notFound'), errorBox(c.get('m').t('notFound')), 404);
    const { r, refusal } = await runForm(c, id, type);
    if (r.ok) return c.redirect(`/complaints/${encodeURIComponent(id)}?done=${type}`, 303);
    return complaintPage(c, id, refusal, r.status);
  });

  const approvalsPage = async (c: Context<Env>, refusal: Refusal | undefined, status = 200) => {
    const actor = actorOf(c);
    await deps.queue.catchUp();
    const waiting = [...deps.queue.state.values()].filter(
      (x) => x.stage === 'proposal' && engine.allowedCommands(x, actor).includes('approveRemedy'),
    );
    const q = reveals(actor) ? '?reveal=true' : '';
    const shown: Complaint[] = [];
    for (const x of waiting) {
      const got = await call<Complaint>(actor, 'GET', `/complaints/${encodeURIComponent(x.id)}${q}`);
      if (got.ok) shown.push(got.body);
    }
    const done = c.req.query('done');
    const notice = done === undefined ? '' : noticeBox(`${c.get('m').t('done')}: ${c.get('m').term('approveRemedy')}`);
    return page(c, c.get('m').t('proposals'), html`${notice}${approvalsView(ctx(c), shown, refusal)}`, status);
  };
  app.get('/approvals', (c) => approvalsPage(c, undefined));
  app.post('/approvals/:id', async (c) => {
    const id = c.req.param('id');
    const { r, refusal } = await runForm(c, id, 'approveRemedy');
    if (r.ok) return c.redirect('/approvals?done=1', 303);
    return approvalsPage(c, { ...refusal, command: `approveRemedy:${id}` }, r.status);
  });

  // Search by contact through the blind index: the contact comes in a POST body, never in a URL, and only
  // a role that may see personal data may link a person to their complaints.
  const mayNotSearch = (c: Context<Env>) =>
    reveals(actorOf(c)) ? undefined : page(c, c.get('m').t('search'), errorBox(c.get('m').t('notAllowedRole')), 403);
  app.get(
    '/search',
    (c) => mayNotSearch(c) ?? page(c, c.get('m').t('search'), searchView(ctx(c), undefined, undefined)),
  );
  app.post('/search', async (c) => {
    const refused = mayNotSearch(c);
    if (refused !== undefined) return refused;
    const raw = c.get('form').contact;
    const contact = typeof raw === 'string' ? raw.trim() : '';
    try {
      const found = await engine.findComplaints(contact.includes('@') ? { email: contact } : { phone: contact });
      const rows = [];
      for (const f of found) {
        const got = await call<Complaint>(actorOf(c), 'GET', `/complaints/${encodeURIComponent(f.complaintId)}`);
        if (got.ok) rows.push({ id: f.complaintId, stage: got.body.stage });
      }
      return page(c, c.get('m').t('search'), searchView(ctx(c), rows, undefined));
    } catch (error) {
      if (!isRedressError(error)) throw error;
      return page(c, c.get('m').t('search'), searchView(ctx(c), undefined, error.message), 422);
    }
  });

  app.get('/stats', async (c) => {
    const r = await call<{ rows: StatisticsRow[] }>(
      actorOf(c),
      'GET',
      '/statistics?period=month&timeZone=Asia%2FShanghai',
    );
    if (!r.ok) return failure(c, r);
    return page(c, c.get('m').t('statistics'), statsView(c.get('m'), r.body.rows));
  });

  app.get('/complaints/:id/audit', async (c) => {
    const actor = actorOf(c);
    const id = c.req.param('id');
    const path = `/complaints/${encodeURIComponent(id)}`;
    const [verify, audit] = await Promise.all([
      call<VerifyResult>(actor, 'GET', `${path}/verify`),
      call<Audit>(actor, 'GET', `${path}/audit?format=json`),
    ]);
    if (!verify.ok) return failure(c, verify);
    if (!audit.ok) return failure(c, audit);
    return page(c, `${c.get('m').t('audit')} ${id}`, auditView(ctx(c), id, verify.body, audit.body));
  });

  app.notFound((c) =>
    page(c, c.get('m')?.t('notFound') ?? 'Not found', errorBox(c.get('m')?.t('notFound') ?? ''), 404),
  );
  return app;
};
