import { CHANNELS, DEADLINE_KINDS, PRIORITIES, UPHOLD_OUTCOMES, type CommandType, type Complaint } from '@redress/core';
import { CATEGORIES, DEPARTMENTS } from './staff';

/** One field of a command's form; `name` is its path in the command body (`remedy.description`). */
export interface Field {
  readonly name: string;
  readonly label: { readonly en: string; readonly zh: string };
  readonly kind: 'text' | 'textarea' | 'select' | 'number' | 'yesno' | 'lines' | 'hidden';
  readonly required?: boolean;
  readonly options?: readonly string[];
  /** A value the form starts with (the pending proposal's id, a currency). */
  readonly initial?: (complaint: Complaint | undefined) => string;
}

const l = (en: string, zh: string) => ({ en, zh });
const text = (name: string, label: Field['label'], required = true): Field => ({ name, label, kind: 'text', required });
const area = (name: string, label: Field['label'], required = true): Field => ({
  name,
  label,
  kind: 'textarea',
  required,
});
const select = (name: string, label: Field['label'], options: readonly string[], required = true): Field => ({
  name,
  label,
  kind: 'select',
  options,
  required,
});
const reason = area('reason', l('Reason', '原因'));
const pendingProposal = (c: Complaint | undefined) => c?.proposals.findLast((p) => p.status === 'proposed')?.id ?? '';

/**
 * The form of each command the workbench offers. Only these fields are read from a submitted form:
 * anything else it carries (an `actor`, a `role`) is dropped, and the actor comes from the session.
 */
export const COMMAND_FORMS: Partial<Record<CommandType, readonly Field[]>> = {
  accept: [
    select('department', l('Department', '部门'), DEPARTMENTS),
    select('priority', l('Priority', '优先级'), PRIORITIES),
    text('assignee', l('Assignee', '承办人'), false),
    area('note', l('Note', '备注'), false),
  ],
  reject: [reason],
  reassign: [
    select('department', l('Department', '部门'), DEPARTMENTS),
    text('assignee', l('Assignee', '承办人'), false),
    area('reason', l('Reason', '原因'), false),
  ],
  recordInvestigation: [
    area('rootCause', l('Root cause', '根本原因')),
    text('responsibleParty', l('Responsible party', '责任方')),
    area('findings', l('Findings', '调查发现'), false),
  ],
  proposeRemedy: [
    area('remedy.description', l('Remedy', '处理方案')),
    { name: 'remedy.compensation.amount', label: l('Compensation amount', '补偿金额'), kind: 'number' },
    { ...text('remedy.compensation.currency', l('Currency', '币种'), false), initial: () => 'CNY' },
  ],
  approveRemedy: [
    { name: 'proposalId', label: l('Proposal', '方案'), kind: 'hidden', initial: pendingProposal },
    area('note', l('Note', '备注'), false),
  ],
  implementRemedy: [
    area('actionsTaken', l('Actions taken', '已采取的措施')),
    area('penalty', l('Penalty', '处罚'), false),
  ],
  recordCustomerResponse: [
    {
      name: 'accepted',
      label: l('Did the customer accept the remedy?', '客户是否接受方案？'),
      kind: 'yesno',
      required: true,
    },
    select('confirmation', l('Confirmation', '确认方式'), ['signature', 'verbal', 'written', 'electronic'], false),
    area('comment', l('Comment', '意见'), false),
  ],
  review: [
    area('summary', l('Review summary', '复核结论')),
    text('classification', l('Classification', '分类')),
    select('outcome', l('Outcome', '结果'), UPHOLD_OUTCOMES, false),
    { name: 'improvementActions', label: l('Improvement actions, one a line', '改进措施（每行一条）'), kind: 'lines' },
  ],
  recordFollowUp: [
    select('satisfaction', l('Satisfaction (1–5)', '满意度（1–5）'), ['5', '4', '3', '2', '1']),
    area('comment', l('Comment', '意见'), false),
  ],
  escalate: [reason],
  addNote: [area('text', l('Note', '备注'))],
  withdraw: [area('reason', l('Reason', '原因'), false)],
  pause: [reason],
  resume: [area('note', l('Note', '备注'), false)],
  extendDeadline: [select('deadline', l('Deadline', '时限'), DEADLINE_KINDS), reason],
  resolveAtFirstContact: [
    area('resolution', l('Resolution', '解决方式')),
    select('priority', l('Priority', '优先级'), PRIORITIES),
    select('outcome', l('Outcome', '结果'), UPHOLD_OUTCOMES, false),
  ],
  link: [text('relatedId', l('Related complaint id', '关联投诉编号'))],
  merge: [text('into', l('Merge into complaint id', '合并到投诉编号'))],
};

/** The intake form: the complainant's details are personal data, encrypted by the engine's privacy policy. */
export const RECEIVE_FIELDS: readonly Field[] = [
  { ...select('channel', l('Channel', '渠道'), CHANNELS), initial: () => 'phone' },
  select('category', l('Category', '类别'), CATEGORIES),
  text('complainant.name', l('Name', '姓名')),
  text('complainant.phone', l('Phone', '电话'), false),
  text('complainant.email', l('Email', '邮箱'), false),
  area('summary', l('What happened', '投诉内容')),
  text('desiredRemedy', l('What the customer asks for', '客户诉求'), false),
];

const NUMERIC = new Set(['satisfaction']);

const put = (body: Record<string, unknown>, path: string, value: unknown) => {
  const keys = path.split('.');
  let at = body;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[keys.at(-1) as string] = value;
};

/**
 * The command body of a submitted form: the declared fields only, empty optional ones left out,
 * numbers and yes/no turned into their types. The engine's schema checks the rest.
 *
 * @example
 * formBody('addNote', { text: 'Called back', role: 'supervisor' }); // { text: 'Called back' }
 */
export const formBody = (
  fields: readonly Field[],
  form: Readonly<Record<string, unknown>>,
): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = form[f.name];
    const value = typeof raw === 'string' ? raw : '';
    if (f.kind === 'lines') {
      const lines = value
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (lines.length > 0) put(body, f.name, lines);
      continue;
    }
    if (value.trim() === '') continue; // left empty: the schema says whether it may be
    if (f.kind === 'number' || NUMERIC.has(f.name)) put(body, f.name, Number(value));
    else if (f.kind === 'yesno') put(body, f.name, value === 'yes');
    else put(body, f.name, value);
  }
  // A currency alone, with no amount, is no compensation.
  const remedy = body.remedy as { compensation?: { amount?: unknown } } | undefined;
  if (remedy?.compensation !== undefined && remedy.compensation.amount === undefined) delete remedy.compensation;
  return body;
};
