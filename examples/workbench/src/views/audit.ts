import type { Audit } from '@redress/cli';
import type { VerifyResult } from '@redress/core';
import { html } from 'hono/html';
import { type Html, type PageContext, when } from './layout';

/** The audit page: the verification of the hash chain, then the report's timeline and stages. */
export const auditView = (p: PageContext, id: string, verify: VerifyResult, audit: Audit): Html => {
  const { m } = p;
  return html`
    <section aria-labelledby="verify-title" id="verification" data-ok="${String(verify.ok)}">
      <h2 id="verify-title">${m.t('verification')}</h2>
      ${
        verify.ok
          ? html`<p class="notice">${m.t('verifyOk')}: ${verify.events} ${m.t('events')}, <code>${verify.lastHash.slice(0, 16)}…</code></p>`
          : html`<p class="error">${m.t('verifyBad')}: v${verify.version} — ${verify.reason}</p>`
      }
    </section>
    <p><a href="/api/complaints/${encodeURIComponent(id)}/audit?format=html">${m.t('fullReport')}</a></p>
    <h2>${m.t('timeline')}</h2>
    <table id="audit-timeline">
      <thead><tr><th scope="col">v</th><th scope="col">${m.t('time')}</th><th scope="col">${m.t('actor')}</th>
        <th scope="col">${m.t('event')}</th><th scope="col">${m.t('stage')}</th></tr></thead>
      <tbody>${audit.timeline.map(
        (r) =>
          html`<tr><td>${r.version}</td><td>${when(r.at)}</td><td>${r.actor} (${r.role})</td><td>${r.what}</td><td>${m.term(r.stage)}</td></tr>`,
      )}</tbody>
    </table>
    <h2>${m.t('stage')}</h2>
    <table id="audit-stages">
      <thead><tr><th scope="col">${m.t('stage')}</th><th scope="col">${m.t('time')}</th></tr></thead>
      <tbody>${audit.stages.map((s) => html`<tr><td>${m.term(s.stage)}</td><td>${when(s.from)} → ${s.to === null ? '…' : when(s.to)}</td></tr>`)}</tbody>
    </table>`;
};
