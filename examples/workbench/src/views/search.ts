import { html } from 'hono/html';
import { csrfField, type Html, type PageContext } from './layout';

/** The contact search: a POST form (the contact never goes into a URL), and the complaints found. */
export const searchView = (
  p: PageContext,
  found: readonly { readonly id: string; readonly stage: string }[] | undefined,
  error: string | undefined,
): Html => html`
  <form method="post" action="/search">
    ${csrfField(p)}
    <div class="field"><label for="contact">${p.m.t('contact')}</label>
      <input id="contact" name="contact" type="text" autocomplete="off" required aria-describedby="contact-hint"></div>
    <p id="contact-hint"><small>${p.m.t('searchHint')}</small></p>
    <button type="submit" class="primary">${p.m.t('find')}</button>
  </form>
  ${error === undefined ? '' : html`<p class="error" role="alert">${error}</p>`}
  ${
    found === undefined
      ? ''
      : html`<h2>${p.m.t('found')}: ${found.length}</h2>
        <ul id="found">${found.map((f) => html`<li><a href="/complaints/${encodeURIComponent(f.id)}">${f.id}</a> · ${p.m.term(f.stage)}</li>`)}</ul>`
  }`;
