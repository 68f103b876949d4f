import type { StatisticsRow } from '@redress/core';
import { html } from 'hono/html';
import type { Messages } from '../i18n';
import type { Html } from './layout';

/** Received complaints summed by one key of the rows. */
const sums = (rows: readonly StatisticsRow[], key: 'category' | 'department' | 'period') => {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r[key], (out.get(r[key]) ?? 0) + r.received);
  return [...out].sort((a, b) =>
    key === 'period' ? a[0].localeCompare(b[0]) : b[1] - a[1] || a[0].localeCompare(b[0]),
  );
};

/** A horizontal bar chart in SVG, with a title for assistive technology and the numbers written on it. */
export const barChart = (id: string, title: string, bars: readonly (readonly [string, number])[]): Html => {
  const max = Math.max(1, ...bars.map(([, n]) => n));
  const rowH = 26;
  const height = bars.length * rowH + 10;
  return html`<figure class="chart" id="${id}">
    <figcaption>${title}</figcaption>
    <svg role="img" aria-labelledby="${id}-title" viewBox="0 0 480 ${height}" width="480" height="${height}">
      <title id="${id}-title">${title}: ${bars.map(([k, n]) => `${k} ${n}`).join(', ')}</title>
      ${bars.map(
        ([label, n], i) => html`<g class="bar" data-key="${label}" data-value="${n}">
          <text x="0" y="${i * rowH + 18}">${label}</text>
          <rect x="150" y="${i * rowH + 5}" height="18" width="${Math.max(2, Math.round((n / max) * 280))}"></rect>
          <text x="${156 + Math.round((n / max) * 280)}" y="${i * rowH + 18}">${n}</text>
        </g>`,
      )}
    </svg>
  </figure>`;
};

/** The statistics page: three charts (category, department, month) over the table they come from. */
export const statsView = (m: Messages, rows: readonly StatisticsRow[]): Html => html`
  ${barChart('by-category', m.t('byCategory'), sums(rows, 'category'))}
  ${barChart('by-department', m.t('byDepartment'), sums(rows, 'department'))}
  ${barChart('by-month', m.t('byMonth'), sums(rows, 'period'))}
  <table id="statistics">
    <thead><tr><th scope="col">${m.t('period')}</th><th scope="col">${m.t('category')}</th><th scope="col">${m.t('department')}</th>
      <th scope="col">${m.t('count')}</th><th scope="col">${m.t('open')}</th><th scope="col">${m.t('resolved')}</th>
      <th scope="col">${m.t('rejected')}</th><th scope="col">${m.t('withdrawn')}</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr><td>${r.period}</td><td>${r.category}</td><td>${r.department}</td><td>${r.received}</td>
        <td>${r.outcomes.open}</td><td>${r.outcomes.resolved}</td><td>${r.outcomes.rejected}</td><td>${r.outcomes.withdrawn}</td></tr>`,
    )}</tbody>
  </table>`;
