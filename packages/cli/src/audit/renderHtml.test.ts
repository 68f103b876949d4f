import { fc, test } from '@fast-check/vitest';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect } from 'vitest';
import { NASTY, RENDERED, auditWith, shown, type Field } from '../../test/support/hostileAudit';
import { renderHtml } from './renderHtml';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const NOW = new Date('2026-03-02T12:00:00Z');

/** Parse a page, keeping where each node sits in the source and every parse error. */
const parsed = (html: string) => {
  const errors: string[] = [];
  const document = parse(html, { sourceCodeLocationInfo: true, onParseError: (e) => errors.push(e.code) });
  const nodes: Node[] = [];
  const walk = (node: Node) => {
    nodes.push(node);
    for (const child of 'childNodes' in node ? node.childNodes : []) walk(child);
  };
  walk(document);
  const elements = nodes.filter((n): n is Element => 'tagName' in n);
  /** The element tree by tag and attribute names alone: what a value could add to it shows here. */
  const shape = (node: Node): string =>
    'tagName' in node
      ? `<${node.tagName} ${node.attrs.map((a) => a.name).join(' ')}>${node.childNodes.map(shape).join('')}</>`
      : node.nodeName;
  return { errors, elements, nodes, shape: shape(document) };
};

/**
 * Check the page made from `value`: its element tree and its parse errors are
 * those of a page of plain values (nothing was added or broken off), every
 * rendered field reads as `shown(value)`, and in the source every text and
 * attribute value writes `< > " '` and `&` as character references.
 */
const checkPage = (value: (field: string) => string) => {
  const html = renderHtml(auditWith(value), NOW);
  const page = parsed(html);
  const plain = parsed(
    renderHtml(
      auditWith((field) => `plain-${field}`),
      NOW,
    ),
  );
  expect(page.shape).toBe(plain.shape);
  expect(page.errors).toEqual(plain.errors);

  const texts: string[] = [];
  for (const node of page.nodes) {
    if (
      node.nodeName === '#text' &&
      'value' in node &&
      node.parentNode !== null &&
      (node.parentNode as Element).tagName !== 'style'
    ) {
      texts.push(node.value);
      // White space between tags (the parser moves the last of it into the body, its location spanning the end tags).
      if (node.value.trim() === '') continue;
      const at = node.sourceCodeLocation;
      const source = html.slice(at?.startOffset, at?.endOffset);
      expect(source).not.toMatch(/[<>"']/);
      expect(source).not.toMatch(/&(?!#\d+;)/);
    }
  }
  for (const element of page.elements) {
    for (const attr of element.attrs) {
      texts.push(attr.value);
      // Locations are kept by the name as written; SVG names such as viewBox are lower-cased there.
      const at =
        element.sourceCodeLocation?.attrs?.[attr.name] ?? element.sourceCodeLocation?.attrs?.[attr.name.toLowerCase()];
      expect(at, `${element.tagName} ${attr.name}`).toBeDefined();
      const source = html.slice(at?.startOffset, at?.endOffset);
      const quoted = source.slice(source.indexOf('="') + 2, -1);
      expect(source.endsWith('"'), `${element.tagName} ${attr.name}: ${source}`).toBe(true);
      expect(quoted).not.toMatch(/[<>"']/);
      expect(quoted).not.toMatch(/&(?!#\d+;)/);
    }
  }
  const all = texts.join('\u0001');
  for (const field of RENDERED) expect(all.includes(shown(value(field))), field).toBe(true);
};

describe('the HTML audit report, read by an HTML parser', () => {
  test('a plain audit reads as written, with no parse error', () => {
    expect(
      parsed(
        renderHtml(
          auditWith((field) => `plain-${field}`),
          NOW,
        ),
      ).errors,
    ).toEqual([]);
    checkPage((field) => `plain-${field}`);
  });

  test('script tags, attribute breakouts, </style>, comments, references, bidi controls, NUL and escapes in every field stay text', () => {
    checkPage((field) => `${field}: ${NASTY}`);
  });

  test('noncharacters and lone surrogates show as escapes, not as parse errors', () => {
    checkPage((field) => `${field}: \uFDD0 \uFFFF \u{1FFFE} \u{10FFFE} \uD800 \uDFFF`);
    const html = renderHtml(
      auditWith((field) => (field === 'complaintId' ? 'C-\u{10FFFE}' : `plain-${field}`)),
      NOW,
    );
    expect(html).toContain('C-\\u{10fffe}');
    expect(html).not.toContain('\u{10FFFE}');
  });

  test('so do very long values', () => {
    checkPage((field) =>
      field === 'row.what' || field === 'complaintId' ? `${field}: ${NASTY.repeat(2000)}` : `${field}: ${NASTY}`,
    );
  });

  const unit = fc.oneof(
    fc.constantFrom(
      ...['<', '>', '&', '"', "'", '=', '/', '!', '-', '\u0000', '\u001b', '\u202e', '\r', '\n', ';', '#'],
      // Noncharacters and a lone surrogate: an HTML parser reports each as an error.
      ...['\uFDD0', '\uFFFE', '\u{10FFFE}', '\uD800'],
    ),
    fc.string({ unit: 'binary', maxLength: 1 }),
  );
  test.prop([fc.dictionary(fc.constantFrom(...RENDERED), fc.string({ unit, minLength: 1, maxLength: 40 }))], {
    numRuns: 60,
  })('any text in any field stays text', (values) => checkPage((field) => values[field as Field] ?? `plain-${field}`));
});

describe('the proof a report carries', () => {
  const proofWith = (text: string) => ({
    json: JSON.stringify({ complaintId: text, note: text }),
    fileName: `${text}.proof.json`,
    checkLine: `redress check-proof '${text}.proof.json' --public-key '${text}'`,
    events: 3,
    origin: text,
    size: 42,
  });

  test('is the file to save, as a data: link, and the one line that checks it; hostile text in it stays text', () => {
    const plain = renderHtml(
      auditWith((field) => `plain-${field}`),
      NOW,
      proofWith('plain'),
    );
    const nasty = renderHtml(
      auditWith((field) => `plain-${field}`),
      NOW,
      proofWith(NASTY),
    );
    expect(parsed(nasty).shape).toBe(parsed(plain).shape);
    expect(parsed(nasty).errors).toEqual([]);
    const link = parsed(nasty).elements.find((e) =>
      e.attrs.some((a) => a.name === 'id' && a.value === 'proof-download'),
    );
    const href = link?.attrs.find((a) => a.name === 'href')?.value ?? '';
    expect(Buffer.from(href.replace('data:application/json;base64,', ''), 'base64').toString()).toBe(
      proofWith(NASTY).json,
    );
    const code = parsed(nasty).elements.find((e) => e.attrs.some((a) => a.name === 'id' && a.value === 'proof-check'));
    const text = code?.childNodes.map((n) => ('value' in n ? n.value : '')).join('');
    expect(text).toBe(shown(proofWith(NASTY).checkLine));
  });
});
