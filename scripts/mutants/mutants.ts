/**
 * One-line bugs in the rules that matter most, each with the few test files that
 * must catch it. A mutant replaces `search` (found exactly once in `file`) by
 * `replace`. When the code changes so that `search` is no longer there, the check
 * fails until the mutant is brought up to date: the list cannot quietly go stale.
 */
export interface Mutant {
  /** Short and unique; `pnpm mutants <part of a name>` runs only the matching ones. */
  readonly name: string;
  /** The source file, from the repository root. */
  readonly file: string;
  readonly search: string;
  readonly replace: string;
  /** Test files, from the repository root, of which at least one test must fail. */
  readonly tests: readonly string[];
}

const core = 'packages/core/src';
const engine = (name: string) => `${core}/engine/${name}`;
const audit = (name: string) => `${core}/audit/${name}`;
const deadlines = (name: string) => `${core}/deadlines/${name}`;
const projections = (name: string) => `${core}/projections/${name}`;

const refusals = engine('refusals.test.ts');
const departmentScope = engine('departmentScope.test.ts');
const hashChain = audit('hashChain.test.ts');
const verifyProps = audit('verifyEvents.prop.test.ts');
const table = projections('statisticsTable.test.ts');
const signature = 'packages/notify-webhook/src/signature.test.ts';

export const mutants: readonly Mutant[] = [
  // Who may act.
  {
    name: 'policy: department scope ignores its opt-out',
    file: engine('authorize.ts'),
    search: 'policy.departmentScoped &&',
    replace: 'true &&',
    tests: [departmentScope],
  },
  {
    name: 'policy: definePolicy drops departmentScoped',
    file: `${core}/domain/policy.ts`,
    search: 'departmentScoped: changes.departmentScoped ?? defaultPolicy.departmentScoped,',
    replace: 'departmentScoped: defaultPolicy.departmentScoped,',
    tests: [departmentScope],
  },
  {
    name: 'policy: any department may act',
    file: engine('authorize.ts'),
    search: 'complaint.department !== actor.department',
    replace: 'false',
    tests: [refusals],
  },
  {
    name: 'policy: any role may act',
    file: engine('authorize.ts'),
    search: 'if (!roles.includes(actor.role)) {',
    replace: 'if (false) {',
    tests: [refusals],
  },
  // Segregation of duties and the app's rules.
  {
    name: 'segregation: the proposer approves their own remedy',
    file: `${core}/domain/builtInRules.ts`,
    search: 'return p !== undefined && p.proposedBy === actor.id',
    replace: 'return p !== undefined && false',
    tests: [engine('segregation.test.ts')],
  },
  {
    name: 'segregation: judged by role instead of actor id',
    file: `${core}/domain/builtInRules.ts`,
    search: 'open.every((p) => p.proposedBy === actor.id)',
    replace: 'open.every((p) => p.proposedBy === actor.role)',
    tests: [engine('segregation.test.ts')],
  },
  {
    name: 'segregation: on by default no more',
    file: `${core}/domain/builtInRules.ts`,
    search: '...(policy.segregateDuties === false ? [] : [segregationOfDuties]),',
    replace: '...(policy.segregateDuties === true ? [segregationOfDuties] : []),',
    tests: [engine('segregation.test.ts')],
  },
  {
    name: 'rules: the engine skips the rules of the policy',
    file: engine('execute.ts'),
    search: 'if (override === undefined) checkRules(policy, cmd, complaint);',
    replace: 'if (false) checkRules(policy, cmd, complaint);',
    tests: [engine('segregation.test.ts'), engine('procedureRules.test.ts')],
  },
  {
    name: 'policy: department staff without a department pass the scope',
    file: engine('authorize.ts'),
    search: "if (actor.role === 'department' && actor.department === undefined && policy.departmentScoped) {",
    replace: 'if (false) {',
    tests: [engine('segregation.test.ts')],
  },
  // The lifecycle's guards.
  {
    name: 'guards: one approver counts twice',
    file: `${core}/domain/guards.ts`,
    search: '!p.approvals.includes(e.actor.id),',
    replace: 'true,',
    tests: [engine('approvals.test.ts')],
  },
  {
    name: 'guards: review before the customer accepted',
    file: `${core}/domain/guards.ts`,
    search: 'state: (c) => c.customerAccepted === true,',
    replace: 'state: (c) => c.customerAccepted !== false,',
    tests: [refusals],
  },
  {
    name: 'guards: a second remedy approved',
    file: `${core}/domain/guards.ts`,
    search: "state: (c) => !hasApproved(c) && c.proposals.some((p) => p.status === 'proposed'),",
    replace: "state: (c) => c.proposals.some((p) => p.status === 'proposed'),",
    tests: [engine('oneRemedy.test.ts')],
  },
  // The audit chain.
  {
    name: 'verify: prevHash link unchecked',
    file: audit('verifyEvents.ts'),
    search: 'if (e.prevHash !== prevHash) return fail',
    replace: 'if (false) return fail',
    tests: [hashChain],
  },
  {
    name: 'verify: own hash unchecked',
    file: audit('verifyEvents.ts'),
    search: 'if (!textMatches && !hashedWhenRead(raw as object) && hashEvent(raw as StoredEvent) !== e.hash)',
    replace: 'if (false)',
    tests: [verifyProps],
  },
  {
    name: 'verify: versions unchecked',
    file: audit('verifyEvents.ts'),
    search: 'if (e.version !== count) return fail',
    replace: 'if (false) return fail',
    tests: [hashChain],
  },
  {
    name: 'verify: other streams pass',
    file: audit('verifyEvents.ts'),
    search: 'if (e.streamId !== streamId) return fail',
    replace: 'if (false) return fail',
    tests: [hashChain],
  },
  {
    name: 'verify: illegal events pass',
    file: audit('verifyEvents.ts'),
    search: 'if (next === undefined) return fail',
    replace: 'if (false) return fail',
    tests: [hashChain],
  },
  {
    name: 'hash: prevHash not hashed',
    file: audit('hashChain.ts'),
    search: 'sha256hex(event.prevHash + hashedContent(event))',
    replace: 'sha256hex(hashedContent(event))',
    tests: [hashChain],
  },
  {
    name: 'hash: occurredAt not hashed',
    file: audit('hashChain.ts'),
    search: "new Set(['hash', 'position'])",
    replace: "new Set(['hash', 'position', 'occurredAt'])",
    tests: [hashChain],
  },
  {
    name: 'canonical JSON: keys unsorted',
    file: audit('canonicalJson.ts'),
    search: 'const keys = Object.keys(value).sort();',
    replace: 'const keys = Object.keys(value);',
    tests: [audit('canonicalJson.test.ts')],
  },
  // Deadlines.
  {
    name: 'deadlines: breached at the due instant',
    file: deadlines('dueEvents.ts'),
    search: 'Date.parse(clock.dueAt) + 1;',
    replace: 'Date.parse(clock.dueAt);',
    tests: [deadlines('tick.test.ts')],
  },
  {
    name: 'deadlines: a paused complaint breaches',
    file: deadlines('dueEvents.ts'),
    search: 'if (c.pausedAt !== undefined || c.deadlines === undefined) return [];',
    replace: 'if (c.deadlines === undefined) return [];',
    tests: [deadlines('pause.test.ts')],
  },
  {
    name: 'deadlines: a pause does not move the due time',
    file: deadlines('planDeadlines.ts'),
    search: 'const dueAt = iso(shiftBy(policy.calendar, c.basis, Date.parse(c.dueAt), span));',
    replace: 'const dueAt = c.dueAt;',
    tests: [deadlines('pause.test.ts')],
  },
  {
    name: 'deadlines: an append clears the due moment the store keeps',
    file: engine('execute.ts'),
    search: 'const nextDueAt = nextDueMoment(next) ?? null;',
    replace: 'const nextDueAt = null;',
    tests: [deadlines('dueMoments.prop.test.ts')],
  },
  {
    name: 'deadlines: a due moment from an older version overwrites a newer one',
    file: `${core}/store/memoryDueMoments.ts`,
    search: 'if (row === undefined || row.version <= e.version || row.version > actual)',
    replace: 'if (true)',
    tests: ['packages/testing/src/storeContract/memory.test.ts'],
  },
  {
    name: 'deadlines: ticks overlap',
    file: deadlines('scheduler.ts'),
    search: 'if (inFlight !== undefined) return;',
    replace: 'if (false) return;',
    tests: [deadlines('scheduler.test.ts')],
  },
  {
    name: 'deadlines: a rejection leaves resolve open',
    file: deadlines('deadlineClock.ts'),
    search:
      "resolve: [{ event: 'ComplaintRejected' }, { event: 'RemedyImplemented' }, { event: 'ResolvedAtFirstContact' }],",
    replace: "resolve: [{ event: 'RemedyImplemented' }, { event: 'ResolvedAtFirstContact' }],",
    tests: [table],
  },
  {
    name: 'deadlines: a response of any kind answers a clock',
    file: deadlines('deadlineClock.ts'),
    search: 'if (answer.kinds !== undefined && !answer.kinds.includes(r.kind)) return false;',
    replace: '',
    tests: [deadlines('presets.test.ts')],
  },
  {
    name: 'deadlines: a holding response answers without what the rule requires',
    file: deadlines('deadlineClock.ts'),
    search: 'return (answer.requires ?? []).every((f) => r[f] !== undefined && r[f] !== false);',
    replace: 'return true;',
    tests: [deadlines('presetsUkUs.test.ts')],
  },
  {
    name: 'deadlines: a last day off is not rolled (Civil Code art. 203)',
    file: deadlines('duration.ts'),
    search: 'const last = d.rollForward === true ? calendar.nextWorkingDate(day) : day;',
    replace: 'const last = day;',
    tests: [deadlines('presets.test.ts')],
  },
  {
    name: 'deadlines: a calendar-day pause moves by elapsed time',
    file: deadlines('planDeadlines.ts'),
    search: 'const pausedFor = c.pausedFor + Math.ceil(span / DAY) * DAY;',
    replace: 'const pausedFor = c.pausedFor + span;',
    tests: [deadlines('pause.test.ts'), deadlines('presets.test.ts')],
  },
  {
    name: 'deadlines: an extension step needs no approval',
    file: deadlines('extensionStep.ts'),
    search: 'roles.length > 0 &&',
    replace: 'roles.length < 0 &&',
    tests: [deadlines('presets.test.ts')],
  },
  {
    name: 'deadlines: a progress clock does not start again',
    file: deadlines('planDeadlines.ts'),
    search: 'if (c === undefined || c.repeat !== true ||',
    replace: 'if (c === undefined || true ||',
    tests: [deadlines('progress.test.ts')],
  },
  {
    name: 'calendar: holidays worked',
    file: deadlines('calendar.ts'),
    search: '(!holidays.has(date) && workingDays.has(weekday(date)))',
    replace: '(workingDays.has(weekday(date)))',
    tests: [deadlines('calendar.test.ts')],
  },
  {
    name: 'calendar: make-up workdays off',
    file: deadlines('calendar.ts'),
    search: '=> extra.has(date) || (',
    replace: '=> (',
    tests: [deadlines('calendar.test.ts')],
  },
  // The statistics table.
  {
    name: 'statistics: met at the due instant is late',
    file: projections('statisticsTable.ts'),
    search: 'Date.parse(c.metAt) <= Date.parse(c.dueAt)',
    replace: 'Date.parse(c.metAt) < Date.parse(c.dueAt)',
    tests: [table],
  },
  {
    name: 'statistics: received at the end counted in',
    file: projections('statisticsTable.ts'),
    search: 'f.receivedAt >= to',
    replace: 'f.receivedAt > to',
    tests: [table],
  },
  {
    name: 'statistics: received at the start left out',
    file: projections('statisticsTable.ts'),
    search: 'f.receivedAt < from',
    replace: 'f.receivedAt <= from',
    tests: [table],
  },
  {
    name: 'statistics: p90 rank rounded',
    file: projections('statisticsTable.ts'),
    search: 'Math.ceil(0.9 * xs.length) - 1',
    replace: 'Math.round(0.9 * xs.length) - 1',
    tests: [table],
  },
  {
    name: 'statistics: p90 rank one up',
    file: projections('statisticsTable.ts'),
    search: 'Math.ceil(0.9 * xs.length) - 1',
    replace: 'Math.floor(0.9 * xs.length)',
    tests: [table],
  },
  {
    name: 'statistics: p90 of unsorted hours',
    file: projections('statisticsTable.ts'),
    search: 'xs.sort((a, b) => a - b)',
    replace: 'xs.sort()',
    tests: [table],
  },
  {
    name: 'statistics: unmet breach left out',
    file: projections('statisticsTable.ts'),
    search: '(c.metAt === undefined && !c.breached)',
    replace: 'c.metAt === undefined',
    tests: [table],
  },
  {
    name: 'statistics: breach not recorded',
    file: projections('statistics.ts'),
    search: 'if (clock !== undefined) clock.breached = true;',
    replace: 'if (clock !== undefined) clock.breached = false;',
    tests: [table],
  },
  {
    name: 'statistics: a later event re-meets a deadline',
    file: projections('statistics.ts'),
    search:
      'if (clock.metAt === undefined && answersClock({ kind, metBy: clock.metBy }, e)) clock.metAt = e.occurredAt;',
    replace: 'if (answersClock({ kind, metBy: clock.metBy }, e)) clock.metAt = e.occurredAt;',
    tests: [table],
  },
  // Webhook signatures.
  {
    name: 'webhook: any vN, prefix accepted',
    file: 'packages/notify-webhook/src/signature.ts',
    search: "if (version !== 'v1' || value === undefined) return false;",
    replace: "if (!/^v\\d+$/.test(version ?? '') || value === undefined) return false;",
    tests: [signature],
  },
  {
    name: 'webhook: future timestamps accepted',
    file: 'packages/notify-webhook/src/signature.ts',
    search: 'Math.abs(now - timestamp) > tolerance',
    replace: 'now - timestamp > tolerance',
    tests: [signature],
  },
  {
    name: 'webhook: any signature of the right length',
    file: 'packages/notify-webhook/src/signature.ts',
    search: 'return given.length === expected.length && timingSafeEqual(given, expected);',
    replace: 'return given.length === expected.length;',
    tests: [signature],
  },
  // Publishing: the checkpoint moves only after the broker's ack, and only for the lease's holder.
  {
    name: 'publisher: a refused batch moves the checkpoint',
    file: `${core}/publisher/publisher.ts`,
    search: 'await sink.publish(events, { signal: lost.signal });',
    replace: 'await sink.publish(events, { signal: lost.signal }).catch(() => undefined);',
    tests: [`${core}/publisher/publisher.test.ts`, 'packages/testing/src/publisherContract/memory.test.ts'],
  },
  {
    name: 'publisher: a lost lease still moves the checkpoint',
    file: `${core}/publisher/publisher.ts`,
    search: 'return !lost.signal.aborted && (await acquire());',
    replace: 'return true;',
    tests: [`${core}/publisher/publisher.test.ts`],
  },
  {
    name: 'leases: a running lease goes to another holder',
    file: `${core}/store/memoryLeases.ts`,
    search: 'current.holder !== options.holder && current.until > options.now.getTime()',
    replace: 'current.holder !== options.holder && false',
    tests: ['packages/testing/src/storeContract/memory.test.ts'],
  },
];
