import type { EventData } from '../domain/events';
import { RedressError } from '../errors/redressError';
import type { DeadlineClock } from './deadlineClock';
import type { DeadlineRule, ExtensionStep } from './deadlineRules';
import type { Duration } from './duration';

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth'];

/**
 * A rule's extension entry as a step: a bare duration, or a duration with the roles
 * one of which must approve it.
 *
 * @example
 * asStep({ calendarDays: 30 }); // { within: { calendarDays: 30 } }
 */
export const asStep = (entry: Duration | ExtensionStep): ExtensionStep =>
  'within' in entry ? entry : { within: entry };

/**
 * The duration the clock's next extension runs to, checked against the rule: a step must
 * be left, and a step that needs an approval must carry one by one of its roles.
 *
 * @example
 * extensionStep(rule, clock, { deadline: 'decide', reason: 'Complex case' }); // { calendarDays: 30 }
 */
export const extensionStep = (
  rule: DeadlineRule | undefined,
  c: DeadlineClock,
  ext: EventData<'DeadlineExtended'>,
): Duration => {
  const entry = rule?.extensions?.[c.extensions];
  if (entry === undefined) {
    throw new RedressError(
      'VALIDATION',
      `Cannot extend the ${ext.deadline} deadline: it has been extended ${c.extensions} time(s) and the policy allows ${rule?.extensions?.length ?? 0}; give "until" to set the new due time yourself`,
      { deadline: ext.deadline, extensions: c.extensions },
    );
  }
  const step = asStep(entry);
  const roles = step.approvalRoles;
  if (roles !== undefined && roles.length > 0 && (ext.approval === undefined || !roles.includes(ext.approval.role))) {
    const which = ORDINAL[c.extensions] ?? `${c.extensions + 1}th`;
    throw new RedressError(
      'VALIDATION',
      `The ${which} extension of the ${ext.deadline} deadline needs an approval by ${roles.join(' or ')}; give approval: { by, role } naming who approved it`,
      { deadline: ext.deadline, extensions: c.extensions, field: 'approval', allowed: [...roles] },
    );
  }
  return step.within;
};
