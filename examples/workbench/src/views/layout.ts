import { html } from 'hono/html';
import type { Actor } from '@redress/core';
import type { Messages } from '../i18n';

/** A piece of HTML: every value put into it by `html` is escaped, unless it is HTML itself. */
export type Html = ReturnType<typeof html>;

/** What every page knows: the language, the signed-in actor (if any) and the browser's CSRF token. */
export interface PageContext {
  readonly m: Messages;
  readonly actor: Actor | undefined;
  readonly csrf: string;
  /** The path of this page, for the language switch to come back to. */
  readonly path: string;
  /** Whether the actor may search by contact (a role that may see personal data). */
  readonly search: boolean;
}

/** The hidden field every form carries. */
export const csrfField = (p: PageContext) => html`<input type="hidden" name="_csrf" value="${p.csrf}">`;

/** A value a person reads: strings as they are, hidden and erased personal data said so, the rest as JSON. */
export const shown = (m: Messages, value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return '—';
  if (typeof value === 'object' && (value as { hidden?: unknown }).hidden === true) return m.t('hidden');
  if (typeof value === 'object' && (value as { erased?: unknown }).erased === true) return m.t('erased');
  if (Array.isArray(value)) return value.map((v) => shown(m, v)).join('; ');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${shown(m, v)}`)
      .join(', ');
  return String(value);
};

/** A time as people read it, in the workbench's zone (UTC+8, the team's), to the minute. */
export const when = (iso: string | undefined) =>
  iso === undefined ? '—' : new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const nav = (p: PageContext) => {
  const { m, actor } = p;
  if (actor === undefined) return html``;
  return html`<nav aria-label="${m.t('title')}">
    <ul>
      <li><a href="/">${m.t('queue')}</a></li>
      ${actor.role === 'agent' ? html`<li><a href="/complaints/new">${m.t('newComplaint')}</a></li>` : ''}
      ${actor.role === 'supervisor' ? html`<li><a href="/approvals">${m.t('approvals')}</a></li>` : ''}
      ${p.search ? html`<li><a href="/search">${m.t('search')}</a></li>` : ''}
      <li><a href="/stats">${m.t('statistics')}</a></li>
    </ul>
  </nav>`;
};

const account = (p: PageContext) => {
  const { m, actor } = p;
  const lang = html`<form method="post" action="/lang" class="inline">
    ${csrfField(p)}<input type="hidden" name="back" value="${p.path}">
    <span id="lang-label">${m.t('language')}:</span>
    <button type="submit" name="lang" value="en" aria-describedby="lang-label" lang="en"${m.lang === 'en' ? html` aria-pressed="true"` : html` aria-pressed="false"`}>English</button>
    <button type="submit" name="lang" value="zh" aria-describedby="lang-label" lang="zh-CN"${m.lang === 'zh' ? html` aria-pressed="true"` : html` aria-pressed="false"`}>中文</button>
  </form>`;
  if (actor === undefined) return lang;
  return html`${lang}
    <p class="who">${m.t('signedInAs')} <strong id="actor">${actor.id}</strong> (<span id="role">${actor.role}</span>${actor.department === undefined ? '' : html`, ${actor.department}`})</p>
    <form method="post" action="/signout" class="inline">${csrfField(p)}<button type="submit">${m.t('signOut')}</button></form>`;
};

/** A refusal, said in a box that screen readers announce. */
export const errorBox = (text: string) => html`<p class="error" role="alert">${text}</p>`;
/** A success, said in a status box. */
export const noticeBox = (text: string) => html`<p class="notice" role="status">${text}</p>`;

/** The page around the content: skip link, navigation, language switch, sign-out, one `main`. */
export const layout = (p: PageContext, title: string, body: Html) => html`<!doctype html>
<html lang="${p.m.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · ${p.m.t('title')}</title>
  <link rel="stylesheet" href="/workbench.css">
</head>
<body>
  <a class="skip" href="#main">${p.m.t('skip')}</a>
  <header>
    <p class="brand"><a href="/">${p.m.t('title')}</a></p>
    ${nav(p)}
    <div class="account">${account(p)}</div>
  </header>
  <main id="main" tabindex="-1">
    <h1>${title}</h1>
    ${body}
  </main>
</body>
</html>`;

/** The style sheet: focus always visible, deadline states in colour and in words. */
export const CSS = `
:root { font-family: system-ui, "Noto Sans CJK SC", sans-serif; color: #1a1a1a; background: #fff; line-height: 1.5; }
body { margin: 0; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #1e3a5f; color: #fff; }
header a, header .who { color: #fff; }
header ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.brand { font-weight: bold; margin: 0; }
.account { margin-left: auto; display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
.account p { margin: 0; }
main { padding: 1rem; max-width: 72rem; }
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; color: #000; padding: .5rem; z-index: 1; }
a { color: #0b4f9c; }
:focus-visible { outline: 3px solid #c2410c; outline-offset: 2px; }
button, input, select, textarea { font: inherit; }
button { padding: .3rem .8rem; border: 1px solid #1e3a5f; background: #fff; color: #1e3a5f; border-radius: 4px; cursor: pointer; }
button[type=submit].primary { background: #1e3a5f; color: #fff; }
button[aria-pressed=true] { font-weight: bold; text-decoration: underline; }
form.inline { display: inline-flex; gap: .4rem; align-items: center; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ccc; vertical-align: top; }
.deadline-warned { background: #fde68a; color: #451a03; }
.deadline-breached { background: #b91c1c; color: #fff; }
.deadline-breached a { color: #fff; }
.error { border: 2px solid #b91c1c; background: #fef2f2; color: #7f1d1d; padding: .5rem 1rem; }
.notice { border: 2px solid #15803d; background: #f0fdf4; color: #14532d; padding: .5rem 1rem; }
.field { margin: .5rem 0; display: flex; flex-direction: column; max-width: 40rem; }
fieldset { margin: .5rem 0; border: 1px solid #999; }
.command { border: 1px solid #ccc; border-radius: 6px; padding: .5rem 1rem; margin: .75rem 0; }
.command h3 { margin: .25rem 0; font-size: 1.05rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; white-space: pre-wrap; }
.chart { max-width: 40rem; }
.chart text { font-size: 12px; fill: #1a1a1a; }
.chart rect { fill: #1e3a5f; }
`;
