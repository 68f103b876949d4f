import type { Channel, Priority } from './complaint';

/**
 * One rule of the routing policy: complaints of these categories (and, when
 * given, these channels and priorities) go to `department`. A field left out
 * matches anything.
 *
 * @example
 * const rule: RoutingRule = { name: 'defects', category: ['quality', 'safety'], department: 'quality-control' };
 */
export interface RoutingRule {
  /** Recorded in `ComplaintAccepted.routing`, so the statistics and an audit can say why. */
  readonly name: string;
  readonly category?: string | readonly string[];
  readonly channel?: Channel | readonly Channel[];
  readonly priority?: Priority | readonly Priority[];
  readonly department: string;
}

/** What routing looks at: the complaint's category and channel, and the priority the handler gives. */
export interface RoutingFacts {
  readonly category: string;
  readonly channel: Channel;
  readonly priority?: Priority | undefined;
}

/** The department a routing rule chose, and the rule's name. */
export interface Route {
  readonly department: string;
  readonly rule: string;
}

const matches = <T extends string>(want: T | readonly T[] | undefined, value: T | undefined): boolean =>
  want === undefined ||
  (value !== undefined && (typeof want === 'string' ? want === value : (want as readonly T[]).includes(value)));

/**
 * The first routing rule that matches, in the policy's order; `undefined` when none does.
 * A rule that names priorities matches only once a priority is known.
 *
 * @example
 * routeComplaint(policy.routing, { category: 'quality', channel: 'web', priority: 'high' });
 * // → { department: 'quality-control', rule: 'defects' }
 */
export const routeComplaint = (rules: readonly RoutingRule[], facts: RoutingFacts): Route | undefined => {
  for (const r of rules) {
    if (matches(r.category, facts.category) && matches(r.channel, facts.channel) && matches(r.priority, facts.priority))
      return { department: r.department, rule: r.name };
  }
  return undefined;
};
