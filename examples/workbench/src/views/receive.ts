import { randomUUID } from 'node:crypto';
import { html } from 'hono/html';
import { RECEIVE_FIELDS } from '../forms';
import { fieldView, type Refusal } from './complaint';
import { csrfField, type Html, type PageContext } from './layout';

/** The intake form an agent fills in while on the phone. */
export const receiveView = (p: PageContext, refusal: Refusal | undefined): Html => html`
  ${refusal === undefined ? '' : html`<p class="error" role="alert" id="receive-error"><strong>${p.m.t('refused')}:</strong> ${refusal.message}</p>`}
  <form method="post" action="/complaints" data-command="receive">
    ${csrfField(p)}
    <input type="hidden" name="_key" value="${randomUUID()}">
    ${RECEIVE_FIELDS.map((f) => fieldView(p.m, 'receive', f, refusal?.values[f.name] ?? f.initial?.(undefined) ?? '', refusal === undefined ? undefined : 'receive-error'))}
    <button type="submit" class="primary">${p.m.t('submitReceive')}</button>
  </form>`;
