import type { Complaint } from '@redress/core';
import { html } from 'hono/html';
import { deadlineView, span } from '../deadlines';
import type { Messages } from '../i18n';
import { type Html, when } from './layout';

/** The deadline cell: the first clock due and its countdown, amber once warned, red once breached. */
export const deadlineCell = (m: Messages, complaint: Complaint, now: number): Html => {
  const d = deadlineView(complaint, now);
  if (d.next === undefined || d.leftMs === undefined) return html`<td>${m.t('noDeadline')}</td>`;
  const countdown =
    d.leftMs >= 0
      ? `${m.t('dueIn')} ${span(d.leftMs, m.lang === 'zh')}`
      : `${m.t('overdueBy')} ${span(d.leftMs, m.lang === 'zh')}`;
  const flag = d.state === 'breached' ? m.t('breached') : d.state === 'warned' ? m.t('warned') : '';
  return html`<td class="deadline deadline-${d.state}" data-deadline="${d.state}">
    ${flag === '' ? '' : html`<strong>${flag}</strong> · `}${m.term(d.next.kind)}: ${countdown}
    <br><small>${when(d.next.dueAt)}</small>
  </td>`;
};

/** The queue of open complaints: first due first, with no personal data (the rows hold none). */
export const queueView = (m: Messages, complaints: readonly Complaint[], now: number): Html => {
  if (complaints.length === 0) return html`<p>${m.t('none')}</p>`;
  const rows = [...complaints].sort((a, b) => {
    const da = deadlineView(a, now).next?.dueAt ?? '9999';
    const db = deadlineView(b, now).next?.dueAt ?? '9999';
    return da.localeCompare(db) || a.receivedAt.localeCompare(b.receivedAt);
  });
  return html`<table id="queue">
    <caption>${m.t('openComplaints')}: ${rows.length}</caption>
    <thead><tr>
      <th scope="col">${m.t('id')}</th><th scope="col">${m.t('stage')}</th><th scope="col">${m.t('category')}</th>
      <th scope="col">${m.t('department')}</th><th scope="col">${m.t('priority')}</th>
      <th scope="col">${m.t('received')}</th><th scope="col">${m.t('deadline')}</th>
    </tr></thead>
    <tbody>
      ${rows.map(
        (c) => html`<tr data-id="${c.id}">
          <td><a href="/complaints/${encodeURIComponent(c.id)}">${c.id}</a></td>
          <td>${m.term(c.stage)}</td>
          <td>${c.category}</td>
          <td>${c.department ?? '—'}</td>
          <td>${c.priority === undefined ? '—' : m.term(c.priority)}</td>
          <td>${when(c.receivedAt)}</td>
          ${deadlineCell(m, c, now)}
        </tr>`,
      )}
    </tbody>
  </table>`;
};
