import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { defaultTemplates } from './defaultTemplates';
import { mergeTemplates, pickTemplate, renderTemplate } from './template';

const name = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,10}$/);
const value = fc.string({ maxLength: 30 });

describe('renderTemplate', () => {
  test.prop([fc.dictionary(name, value, { minKeys: 1 })])(
    'every placeholder whose variable is given is replaced',
    (vars) => {
      const text = Object.keys(vars)
        .map((k) => `[{{${k}}}]`)
        .join(' ');
      const r = renderTemplate({ subject: 's', text }, vars, 'en');
      expect(r.ok).toBe(true);
      if (r.ok)
        expect(r.message.text).toBe(
          Object.values(vars)
            .map((v) => `[${v}]`)
            .join(' '),
        );
    },
  );

  test.prop([fc.dictionary(name, value), name])(
    'a placeholder without a variable is reported by name, never rendered',
    (vars, missing) => {
      fc.pre(!(missing in vars));
      const r = renderTemplate({ subject: 'x', text: `Hi {{${missing}}}` }, vars, 'en');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem).toContain(`{{${missing}}}`);
    },
  );

  test.prop([fc.string()])('variables cannot inject markup into the HTML body', (evil) => {
    const r = renderTemplate({ subject: 's', text: 't', html: '<b>{{x}}</b>' }, { x: evil }, 'en');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.message.html.slice(3, -4)).not.toMatch(/[<>"]/);
  });

  test('a subject never gets a line break from a variable (no header injection)', () => {
    const r = renderTemplate({ subject: 'Re: {{x}}', text: '' }, { x: 'a\r\nBcc: evil@example.com' }, 'en');
    expect(r.ok && r.message.subject).toBe('Re: a Bcc: evil@example.com');
  });

  test('a malformed placeholder is reported', () => {
    const r = renderTemplate({ subject: '{{ two words }}', text: '' }, {}, 'en');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain('malformed placeholder {{ two words }}');
  });
});

describe('templates', () => {
  test('every default template exists in Chinese and English and uses the same variables in both', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [id, locales] of Object.entries(defaultTemplates)) {
      expect(locales.zh, id).toBeDefined();
      expect(locales.en, id).toBeDefined();
      expect(vars(`${locales.zh?.subject} ${locales.zh?.text}`), id).toEqual(
        vars(`${locales.en?.subject} ${locales.en?.text}`),
      );
    }
  });

  test('overrides replace one locale and keep the others; unknown locales fall back', () => {
    const t = mergeTemplates(defaultTemplates, {
      rejected: { en: { subject: 'Sorry', text: 'No: {{rejectionReason}}' } },
    });
    expect(pickTemplate(t, 'rejected', 'en', 'zh')?.template.subject).toBe('Sorry');
    expect(pickTemplate(t, 'rejected', 'zh', 'zh')?.template.subject).toBe(defaultTemplates.rejected?.zh?.subject);
    expect(pickTemplate(t, 'rejected', 'fr', 'zh')?.locale).toBe('zh');
    expect(pickTemplate(t, 'nope', 'en', 'zh')).toBeUndefined();
  });
});
