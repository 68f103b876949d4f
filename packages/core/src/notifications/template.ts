import type { Locale } from './recipients';

/** One message text: subject line, plain text body and optional HTML body, with `{{variable}}` placeholders. */
export interface Template {
  readonly subject: string;
  readonly text: string;
  /** Without it, the HTML body is the plain text, escaped, one paragraph per blank-line block. */
  readonly html?: string;
}

/** Templates by id, then by locale. */
export type TemplateSet = Readonly<Record<string, Readonly<Partial<Record<Locale, Template>>>>>;

/** A rendered message. */
export interface RenderedMessage {
  readonly locale: Locale;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NAME = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*$/;

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const fill = (
  source: string,
  vars: Readonly<Record<string, string>>,
  escapeValue: (s: string) => string,
  problems: Set<string>,
) =>
  source.replace(PLACEHOLDER, (whole, inner: string) => {
    const name = NAME.exec(inner)?.[1];
    if (name === undefined) {
      problems.add(`malformed placeholder ${whole}`);
      return whole;
    }
    const value = vars[name];
    if (value === undefined) {
      problems.add(`{{${name}}}`);
      return whole;
    }
    return escapeValue(value);
  });

const textToHtml = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

/**
 * Fill a template with variables. Every placeholder must name a variable that is
 * there; otherwise the result lists what is missing and which variables exist, so
 * the template can be fixed. Values are HTML-escaped in the HTML body.
 *
 * @example
 * renderTemplate({ subject: 'Complaint {{complaintId}}', text: 'Hello {{name}}' }, { complaintId: 'C-1', name: 'Ann' }, 'en');
 * // → { ok: true, message: { subject: 'Complaint C-1', text: 'Hello Ann', html: '<p>Hello Ann</p>', locale: 'en' } }
 */
export const renderTemplate = (
  template: Template,
  vars: Readonly<Record<string, string>>,
  locale: Locale,
): { ok: true; message: RenderedMessage } | { ok: false; problem: string } => {
  const problems = new Set<string>();
  const subject = fill(template.subject, vars, (s) => s.replace(/[\r\n]+/g, ' '), problems);
  const text = fill(template.text, vars, (s) => s, problems);
  const html = template.html === undefined ? textToHtml(text) : fill(template.html, vars, escapeHtml, problems);
  if (problems.size > 0) {
    const available = Object.keys(vars).sort().join(', ');
    return {
      ok: false,
      problem: `uses ${[...problems].join(', ')}, which this message does not provide; available here: ${available}`,
    };
  }
  return { ok: true, message: { locale, subject, text, html } };
};

/**
 * Pick the template `id` in `locale`, falling back to `fallback`, then to any locale it has.
 *
 * @example
 * pickTemplate(defaultTemplates, 'rejected', 'en', 'zh')?.locale; // 'en'
 */
export const pickTemplate = (
  templates: TemplateSet,
  id: string,
  locale: Locale,
  fallback: Locale,
): { template: Template; locale: Locale } | undefined => {
  const byLocale = templates[id];
  if (byLocale === undefined) return undefined;
  // A regional tag falls back to its language (`en-GB` to `en`) before the default.
  const language = locale.split('-')[0] ?? locale;
  for (const l of [locale, language, fallback, ...Object.keys(byLocale)]) {
    const template = byLocale[l];
    if (template !== undefined) return { template, locale: l };
  }
  return undefined;
};

/**
 * Merge template overrides into a base set, per id and locale.
 *
 * @example
 * mergeTemplates(defaultTemplates, { rejected: { en: { subject: 'About your complaint', text: '…' } } });
 */
export const mergeTemplates = (base: TemplateSet, overrides: TemplateSet = {}): TemplateSet => {
  const out: Record<string, Partial<Record<Locale, Template>>> = {};
  for (const [id, locales] of Object.entries(base)) out[id] = { ...locales };
  for (const [id, locales] of Object.entries(overrides)) out[id] = { ...out[id], ...locales };
  return out;
};
