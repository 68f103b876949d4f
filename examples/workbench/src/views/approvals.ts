import type { Complaint } from '@redress/core';
import { html } from 'hono/html';
import { commandForm, type Refusal } from './complaint';
import { type Html, type PageContext, shown, when } from './layout';

/** The supervisor's inbox: each remedy waiting for their approval, approved from here. */
export const approvalsView = (p: PageContext, waiting: readonly Complaint[], refusal: Refusal | undefined): Html => {
  const { m } = p;
  if (waiting.length === 0) return html`<p>${m.t('none')}</p>`;
  return html`<ul class="inbox" id="approvals">${waiting.map((c) => {
    const proposal = c.proposals.findLast((x) => x.status === 'proposed');
    const mine = refusal?.command === `approveRemedy:${c.id}` ? { ...refusal, command: 'approveRemedy' } : undefined;
    return html`<li data-id="${c.id}">
      <h2><a href="/complaints/${encodeURIComponent(c.id)}">${c.id}</a> · ${c.category} · ${c.department ?? '—'}</h2>
      <dl class="facts">
        <dt>${m.t('remedy')}</dt><dd>${shown(m, proposal?.description)}</dd>
        <dt>${m.t('compensation')}</dt><dd>${proposal?.compensation === undefined ? '—' : `${proposal.compensation.amount} ${proposal.compensation.currency}`}</dd>
        <dt>${m.t('proposedBy')}</dt><dd>${proposal?.proposedBy ?? '—'}, ${when(proposal?.proposedAt)}</dd>
      </dl>
      ${commandForm(p, c, 'approveRemedy', mine, `/approvals/${encodeURIComponent(c.id)}`)}
    </li>`;
  })}</ul>`;
};
