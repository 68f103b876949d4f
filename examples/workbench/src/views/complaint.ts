import type { CommandType, Complaint, StoredEvent } from '@redress/core';
import { html } from 'hono/html';
import { COMMAND_FORMS, type Field } from '../forms';
import type { Messages } from '../i18n';
import { deadlineCell } from './queue';
import { csrfField, type Html, type PageContext, shown, when } from './layout';

/** A refused form: which command, the engine's message, and what was typed (to type it again). */
export interface Refusal {
  readonly command: string;
  readonly message: string;
  readonly values: Readonly<Record<string, string>>;
}

const fieldId = (command: string, name: string) => `${command}-${name.replaceAll('.', '-')}`;

/** One labelled field of a command's form. */
export const fieldView = (
  m: Messages,
  command: string,
  f: Field,
  value: string,
  describedBy: string | undefined,
): Html => {
  const id = fieldId(command, f.name);
  const label = f.label[m.lang];
  const optional = f.required === true ? '' : html` <small>(${m.t('optional')})</small>`;
  const req = f.required === true ? html` required` : '';
  const described = describedBy === undefined ? '' : html` aria-describedby="${describedBy}"`;
  switch (f.kind) {
    case 'hidden':
      return html`<input type="hidden" name="${f.name}" value="${value}">`;
    case 'textarea':
    case 'lines':
      return html`<div class="field"><label for="${id}">${label}${optional}</label>
        <textarea id="${id}" name="${f.name}" rows="3"${req}${described}>${value}</textarea></div>`;
    case 'select':
      return html`<div class="field"><label for="${id}">${label}${optional}</label>
        <select id="${id}" name="${f.name}"${req}${described}>
          ${f.required === true ? '' : html`<option value="">—</option>`}
          ${(f.options ?? []).map((o) => html`<option value="${o}"${o === value ? html` selected` : ''}>${m.term(o)}</option>`)}
        </select></div>`;
    case 'yesno':
      return html`<fieldset><legend>${label}</legend>
        <label><input type="radio" name="${f.name}" value="yes"${value === 'yes' ? html` checked` : ''} required> ${m.t('yes')}</label>
        <label><input type="radio" name="${f.name}" value="no"${value === 'no' ? html` checked` : ''}> ${m.t('no')}</label>
      </fieldset>`;
    case 'number':
      return html`<div class="field"><label for="${id}">${label}${optional}</label>
        <input id="${id}" name="${f.name}" type="number" min="0" step="0.01" value="${value}"${described}></div>`;
    default:
      return html`<div class="field"><label for="${id}">${label}${optional}</label>
        <input id="${id}" name="${f.name}" type="text" value="${value}"${req}${described}></div>`;
  }
};

/** The form of one allowed command, with its refusal inline if it was just refused. */
export const commandForm = (
  p: PageContext,
  complaint: Complaint,
  type: CommandType,
  refusal: Refusal | undefined,
  action = `/complaints/${encodeURIComponent(complaint.id)}/commands/${type}`,
): Html => {
  const fields = COMMAND_FORMS[type];
  if (fields === undefined) return html``;
  const mine = refusal?.command === type ? refusal : undefined;
  const errorId = `${type}-error`;
  return html`<section class="command" aria-labelledby="${type}-title">
    <h3 id="${type}-title">${p.m.term(type)}</h3>
    ${mine === undefined ? '' : html`<p class="error" role="alert" id="${errorId}"><strong>${p.m.t('refused')}:</strong> ${mine.message}</p>`}
    <form method="post" action="${action}" data-command="${type}">
      ${csrfField(p)}
      <input type="hidden" name="_version" value="${complaint.version}">
      ${fields.map((f) => fieldView(p.m, type, f, mine?.values[f.name] ?? f.initial?.(complaint) ?? '', mine === undefined ? undefined : errorId))}
      <button type="submit" class="primary">${p.m.term(type)}</button>
    </form>
  </section>`;
};

const DATA_SHOWN = 6;
/** The data of an event as `key: value` lines, each value escaped where it is put. */
const dataOf = (m: Messages, data: Record<string, unknown>): Html =>
  html`${Object.entries(data)
    .slice(0, DATA_SHOWN)
    .map(([k, v]) => html`<span class="datum"><span class="key">${k}</span>: ${shown(m, v)}</span><br>`)}`;

/** The complaint page: its facts, its personal data (or why it is hidden), its timeline and what the actor may do. */
export const complaintView = (
  p: PageContext,
  complaint: Complaint,
  events: readonly StoredEvent[],
  allowed: readonly CommandType[],
  now: number,
  refusal: Refusal | undefined,
  done: string | undefined,
): Html => {
  const { m } = p;
  const c = complaint;
  const forms = allowed.filter((t) => COMMAND_FORMS[t] !== undefined);
  // A refused command with no form here (the role may not give it): its refusal at the top.
  const elsewhere = refusal !== undefined && !forms.includes(refusal.command as CommandType);
  return html`
    ${done === undefined ? '' : html`<p class="notice" role="status">${m.t('done')}: ${m.term(done)}</p>`}
    ${elsewhere ? html`<p class="error" role="alert"><strong>${m.t('refused')} (${m.term(refusal.command)}):</strong> ${refusal.message}</p>` : ''}
    <dl class="facts" id="facts">
      <dt>${m.t('stage')}</dt><dd id="stage" data-stage="${c.stage}">${m.term(c.stage)}</dd>
      <dt>${m.t('category')}</dt><dd>${c.category}</dd>
      <dt>${m.t('channel')}</dt><dd>${c.channel}</dd>
      <dt>${m.t('department')}</dt><dd>${c.department ?? '—'}</dd>
      <dt>${m.t('priority')}</dt><dd>${c.priority === undefined ? '—' : m.term(c.priority)}</dd>
      <dt>${m.t('received')}</dt><dd>${when(c.receivedAt)}</dd>
      <dt>${m.t('complainant')}</dt><dd id="complainant">${shown(m, c.complainant.name)}${
        typeof c.complainant.phone === 'string' ? ` · ${c.complainant.phone}` : ''
      }${typeof c.complainant.email === 'string' ? ` · ${c.complainant.email}` : ''}</dd>
      <dt>${m.t('summary')}</dt><dd id="summary">${shown(m, c.summary)}</dd>
    </dl>
    <table id="deadline"><thead><tr><th scope="col">${m.t('deadline')}</th></tr></thead>
      <tbody><tr>${deadlineCell(m, c, now)}</tr></tbody></table>
    <p><a href="/complaints/${encodeURIComponent(c.id)}/audit">${m.t('audit')}</a></p>
    <h2 id="actions-title">${m.t('actions')}</h2>
    ${forms.length === 0 ? html`<p>${m.t('noActions')}</p>` : forms.map((t) => commandForm(p, c, t, refusal))}
    <h2>${m.t('timeline')}</h2>
    <table id="timeline">
      <thead><tr><th scope="col">v</th><th scope="col">${m.t('time')}</th><th scope="col">${m.t('actor')}</th>
        <th scope="col">${m.t('event')}</th><th scope="col">${m.t('details')}</th></tr></thead>
      <tbody>${events.map(
        (e) => html`<tr data-type="${e.type}"><td>${e.version}</td><td>${when(e.occurredAt)}</td>
          <td>${e.actor.id} (${e.actor.role})</td><td>${e.type}</td><td>${dataOf(m, e.data as Record<string, unknown>)}</td></tr>`,
      )}</tbody>
    </table>`;
};
