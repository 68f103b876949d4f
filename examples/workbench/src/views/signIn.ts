import { html } from 'hono/html';
import { STAFF } from '../staff';
import { csrfField, type Html, type PageContext } from './layout';

/** The sign-in page: pick one of the demo staff (a real application asks for credentials here). */
export const signInView = (p: PageContext, error: string | undefined): Html => html`
  ${error === undefined ? '' : html`<p class="error" role="alert">${error}</p>`}
  <form method="post" action="/signin">
    ${csrfField(p)}
    <fieldset>
      <legend>${p.m.t('who')}</legend>
      ${STAFF.map(
        (
          s,
          i,
        ) => html`<div><label><input type="radio" name="staff" value="${s.actor.id}"${i === 0 ? html` checked` : ''}>
          ${s.name} — ${s.actor.id}</label></div>`,
      )}
    </fieldset>
    <button type="submit" class="primary">${p.m.t('signIn')}</button>
  </form>`;
