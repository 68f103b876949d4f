import type { DeliveryStatus, Stage } from '@redress/core';
import type { Audit } from '../../src/audit/timeline';

/** The worst a log, an outbox or a hand-edited file could put into a field. */
export const NASTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' autofocus onfocus='alert(1)",
  '</style><style>*{display:none}</style>',
  '</title></span></td></tr></table></svg></figure><h1>forged</h1>',
  '<!-- hidden --><![CDATA[ x ]]>',
  '&amp; &#60; &lt; &#x3c; &',
  '\u202eevil\u202c \u2066isolated\u2069 \u200fmark\u200e \u061c',
  'nul\u0000 esc\u001b[2K csi\u009b2K del\u007f',
  'line\nbreak\ttab\rreturn\r\n\u2028\u2029',
].join(' ');

/** Characters a page shows as escapes rather than act on (what htmlText escapes but white space). */
const SHOWN_AS_ESCAPE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A code point an HTML parser reports as an error: a lone surrogate or a noncharacter (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF). */
const notInHtml = (cp: number): boolean =>
  (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;

/** What a reader of the page should see for `value`: the text itself, such characters as escapes, line ends as HTML reads them. */
export const shown = (value: string): string =>
  [...value.replace(SHOWN_AS_ESCAPE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)]
    .map((c) => {
      const cp = c.codePointAt(0) as number;
      if (!notInHtml(cp)) return c;
      return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    })
    .join('')
    .replace(/\r\n?/g, '\n');

/** The fields renderHtml puts on the page, each named, and an audit with `value(name)` in every one (numbers too, as a damaged file might hold). */
export const RENDERED = [
  'complaintId',
  'stage',
  'status',
  'version',
  'lastHash',
  'row.version',
  'row.at',
  'row.actor',
  'row.role',
  'row.what',
  'row.stage',
  'span.stage',
  'span.from',
  'span.to',
  'deadline.kind',
  'deadline.dueAt',
  'deadline.outcome',
  'deadline.metAt',
  'note.at',
  'note.channel',
  'note.recipient',
  'note.state',
  'note.attempts',
] as const;
export type Field = (typeof RENDERED)[number];

export const auditWith = (value: (field: Field | string) => string): Audit => {
  const v = value as (field: string) => never;
  const row = (n: number) => ({
    version: v(`row.version`),
    at: v('row.at'),
    actor: v('row.actor'),
    role: v('row.role'),
    type: v(`row.type${n}`),
    what: v('row.what'),
    stage: v('row.stage'),
  });
  const note = (n: number): DeliveryStatus => ({
    id: v(`note.id${n}`),
    eventId: v('note.eventId'),
    rule: v('note.rule'),
    channel: v('note.channel'),
    recipient: v('note.recipient'),
    state: v('note.state'),
    attempts: v('note.attempts'),
    lastError: v('note.lastError'),
    createdAt: v('note.createdAt'),
    at: v('note.at'),
    nextAttemptAt: null,
    history: [],
    summary: v('note.summary'),
  });
  return {
    personalData: 'hidden',
    complaintId: v('complaintId'),
    stage: v('stage') as Stage,
    status: v('status'),
    version: v('version'),
    lastHash: v('lastHash'),
    timeline: [row(1), row(2)],
    stages: [
      { stage: v('span.stage'), from: v('span.from'), to: v('span.to'), ms: 3_600_000, final: false },
      { stage: v('span.stage'), from: v('span.from'), to: null, ms: null, final: true },
    ],
    deadlines: [
      {
        kind: v('deadline.kind'),
        dueAt: v('deadline.dueAt'),
        outcome: v('deadline.outcome'),
        metAt: v('deadline.metAt'),
      },
    ],
    notifications: [note(1), note(2)],
  };
};
