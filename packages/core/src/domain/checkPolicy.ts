import { RedressError } from '../errors/redressError';
import { COMMAND_TYPES } from './commands';
import { PRIORITIES } from './events';
import { slugSchema } from './limits';
import type { ProcedureRule } from './procedureRules';
import type { RoutingRule } from './routing';

/** The parts of a policy `checkPolicy` looks at. */
interface Checked {
  readonly rules?: readonly ProcedureRule[] | undefined;
  readonly routing?: readonly RoutingRule[] | undefined;
  readonly firstContact?:
    | { readonly categories: readonly string[] | '*'; readonly priorities: readonly string[] }
    | undefined;
}

const refuse = (option: string, message: string) =>
  new RedressError('VALIDATION', `definePolicy: ${message}`, { option });

const isSlug = (v: unknown) => typeof v === 'string' && slugSchema.safeParse(v).success;

const checkRules = (rules: unknown) => {
  if (!Array.isArray(rules)) throw refuse('rules', 'rules must be an array of { name, commands, refuse }');
  const names = new Set<string>();
  for (const [i, r] of (rules as unknown[]).entries()) {
    const rule = r as Partial<ProcedureRule> | null;
    if (typeof rule?.name !== 'string' || rule.name.trim() === '')
      throw refuse('rules', `rules[${i}] needs a name (a short string, unique in the policy)`);
    if (names.has(rule.name))
      throw refuse('rules', `two rules are called ${JSON.stringify(rule.name)}; names must be unique`);
    names.add(rule.name);
    if (typeof rule.refuse !== 'function')
      throw refuse(
        'rules',
        `rule ${JSON.stringify(rule.name)}: refuse must be a function returning a message or undefined`,
      );
    const unknown = Array.isArray(rule.commands)
      ? rule.commands.filter((c) => !(COMMAND_TYPES as readonly string[]).includes(c))
      : undefined;
    if (unknown === undefined || unknown.length > 0)
      throw refuse(
        'rules',
        `rule ${JSON.stringify(rule.name)}: commands must list command types${unknown?.length ? `; unknown: ${unknown.map((u) => JSON.stringify(u)).join(', ')}` : ''} (one of ${COMMAND_TYPES.join(', ')})`,
      );
    if (rule.code !== undefined && rule.code !== 'NOT_ALLOWED' && rule.code !== 'FORBIDDEN')
      throw refuse('rules', `rule ${JSON.stringify(rule.name)}: code must be "NOT_ALLOWED" or "FORBIDDEN"`);
  }
};

const checkRouting = (routing: unknown) => {
  if (!Array.isArray(routing))
    throw refuse('routing', 'routing must be an array of { name, category?, channel?, priority?, department }');
  for (const [i, r] of (routing as unknown[]).entries()) {
    const rule = r as Partial<RoutingRule> | null;
    if (typeof rule?.name !== 'string' || rule.name.trim() === '' || rule.name.length > 500)
      throw refuse('routing', `routing[${i}] needs a name (recorded with each complaint it routes)`);
    if (!isSlug(rule.department))
      throw refuse(
        'routing',
        `routing rule ${JSON.stringify(rule.name)}: department must be a lower-case slug like "quality-control"`,
      );
  }
};

const checkFirstContact = (fc: unknown) => {
  const f = fc as Checked['firstContact'] | null;
  const categoriesOk = f?.categories === '*' || (Array.isArray(f?.categories) && f.categories.every(isSlug));
  const prioritiesOk =
    Array.isArray(f?.priorities) && f.priorities.every((p) => (PRIORITIES as readonly string[]).includes(p));
  if (!categoriesOk || !prioritiesOk)
    throw refuse(
      'firstContact',
      `firstContact must be { categories: ['delivery', …] or '*', priorities: some of ${PRIORITIES.join(', ')} }`,
    );
};

/**
 * Refuse a policy whose rules, routing or first-contact settings would only fail
 * at the first command. Returns the policy as given.
 *
 * @example
 * checkPolicy({ routing: [{ name: 'defects', category: 'quality', department: 'Quality' }] }); // VALIDATION: department must be a slug
 */
export const checkPolicy = <P extends Checked>(policy: P): P => {
  if (policy.rules !== undefined) checkRules(policy.rules);
  if (policy.routing !== undefined) checkRouting(policy.routing);
  if (policy.firstContact !== undefined) checkFirstContact(policy.firstContact);
  return policy;
};
