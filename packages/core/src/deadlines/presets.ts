import type { Complaint } from '../domain/complaint';
import type { ClockAnswer } from '../domain/response';
import type { BusinessCalendar } from './calendar';
import type { DeadlineRule, DeadlineRules, VersionedRules } from './deadlineRules';

/** A versioned set of deadline rules and the rule text it implements. */
export interface DeadlinePreset extends VersionedRules {
  /** The rule text, by its name. */
  readonly ruleText: string;
  /** The articles (or rules) each clock implements. */
  readonly articles: readonly string[];
  /** When this version of the rule text took effect, `YYYY-MM-DD`. */
  readonly effective: string;
}

const response = (...kinds: NonNullable<ClockAnswer['kinds']>): ClockAnswer => ({ event: 'ResponseSent', kinds });
const rejected: ClockAnswer = { event: 'ComplaintRejected' };

const preset = (p: DeadlinePreset): DeadlinePreset => {
  // Every rule names the version it comes from, so a clock records it in `DeadlineSet`.
  const rules = Object.fromEntries(
    Object.entries(p.rules).map(([kind, rule]) => [kind, { ...rule, ruleSet: p.ruleSet }]),
  ) as DeadlineRules;
  return Object.freeze({ ...p, rules });
};

/** Days counted as the PRC Civil Code counts them: the start day not counted (art. 201), a last day off rolled to the next working day and the last day ending at close of business (art. 203). */
const cnDays = (calendarDays: number) => ({ calendarDays, rollForward: true, closeOfBusiness: true }) as const;

/**
 * China, banking and insurance consumer complaints: 银行业保险业消费投诉处理管理办法
 * (CBIRC Order 2020 No. 3, in force 1 March 2020; the NFRA, 国家金融监督管理总局, carries it
 * on). Art. 20: a handling decision made and told to the complainant within 15 days of
 * receipt; complex cases up to 30 days; specially complex ones a further 30 days, approved
 * by the superior institution or senior management of the head office and told to the
 * complainant. The days are counted by the PRC Civil Code: art. 201 (the day of receipt is
 * not counted), art. 203 ¶1 (a last day on a statutory holiday or rest day moves to the next
 * working day) and ¶2 (the last day ends at close of business: the calendar's hours are the
 * firm's business hours; a firm without them gives `hours: [['00:00', '24:00']]`).
 *
 * Met by a `respond` of kind `decision` or `final`, or a rejection (its reason is the
 * decision told); the first extension is a supervisor's `extendDeadline`, the second needs
 * `approval: { by, role: 'senior-manager' | 'superior-institution' }`. The notification
 * policy tells the complainant of each extension (`DeadlineExtended`).
 *
 * @example
 * createEngine({ store, deadlines: deadlinePolicy({ calendar, rules: nfraConsumerComplaintRules }) });
 */
export const nfraConsumerComplaints: DeadlinePreset = preset({
  ruleSet: { id: 'cn-nfra-complaints', version: 1 },
  ruleText: '银行业保险业消费投诉处理管理办法 (CBIRC Order 2020 No. 3); PRC Civil Code',
  articles: ['art. 20', 'Civil Code art. 201', 'Civil Code art. 203'],
  effective: '2020-03-01',
  rules: {
    decide: {
      within: cnDays(15),
      extensions: [cnDays(30), { within: cnDays(60), approvalRoles: ['senior-manager', 'superior-institution'] }],
      metBy: [response('decision', 'final'), rejected],
      escalate: true,
    },
  },
});

/** The rules of {@link nfraConsumerComplaints}. */
export const nfraConsumerComplaintRules: DeadlineRules = nfraConsumerComplaints.rules;

/**
 * The former name of {@link nfraConsumerComplaintRules}, kept so existing policies keep working.
 *
 * @deprecated Use `nfraConsumerComplaintRules`.
 * @example
 * chinaBankingRules === nfraConsumerComplaintRules; // true
 */
export const chinaBankingRules: DeadlineRules = nfraConsumerComplaintRules;

/**
 * China, market regulation complaints: 市场监督管理投诉举报处理暂行办法 (SAMR Order No. 20,
 * in force 1 January 2020). Art. 14: whether to accept, decided and told within 7 working
 * days of receipt — met by the acceptance or the rejection. Art. 21: mediation ends when no
 * agreement is reached within 45 working days of acceptance — the `resolve` clock, from
 * acceptance, met by the agreed remedy carried out or a `decision`/`final` response (the
 * outcome, or the end of mediation, told). Give the calendar the year's official holidays
 * and make-up workdays.
 *
 * @example
 * deadlinePolicy({ calendar: businessCalendar({ timeZone: 'Asia/Shanghai', holidays, extraWorkingDays }), rules: samrComplaintRules });
 */
export const samrComplaints: DeadlinePreset = preset({
  ruleSet: { id: 'cn-samr-complaints', version: 1 },
  ruleText: '市场监督管理投诉举报处理暂行办法 (SAMR Order No. 20)',
  articles: ['art. 14', 'art. 21'],
  effective: '2020-01-01',
  rules: {
    decide: {
      within: { businessDays: 7 },
      metBy: [{ event: 'ComplaintAccepted' }, rejected],
      escalate: true,
    },
    resolve: {
      within: { businessDays: 45 },
      from: 'accepted',
      metBy: [{ event: 'RemedyImplemented' }, response('decision', 'final')],
      escalate: true,
    },
  },
});

/** The rules of {@link samrComplaints}. */
export const samrComplaintRules: DeadlineRules = samrComplaints.rules;

/**
 * The former name of {@link samrComplaintRules} (which adds the mediation clock of art. 21).
 *
 * @deprecated Use `samrComplaintRules`.
 * @example
 * chinaMarketRegulationRules === samrComplaintRules; // true
 */
export const chinaMarketRegulationRules: DeadlineRules = samrComplaintRules;

/** DISP 1.5.1R: resolved by close of the third business day after receipt; DISP 1.5.4R: the summary resolution communication. */
const summaryResolution: DeadlineRule = { within: { businessDays: 3 }, metBy: [response('summary-resolution')] };

/**
 * UK, FCA DISP. DISP 1.5.1R: a complaint resolved by close of business on the third
 * business day after the day it is received is outside the time limit rules, and DISP
 * 1.5.4R asks for a summary resolution communication — the `decide` clock, met by a
 * `respond` of kind `summary-resolution`, no escalation. DISP 1.6.2R: by the end of eight
 * weeks after receipt, a final response (accepting with redress, offering redress without
 * accepting, or rejecting with reasons: a `final` response, or a rejection), or a written
 * response that explains why no final response is possible yet and when one is expected,
 * and that the complainant may now refer the complaint to the Financial Ombudsman Service (a
 * `holding` response with `expectedBy` and `referralRights: true`) — the `resolve` clock,
 * 56 calendar days. A summary resolution meets it too (DISP 1.5.1R(1)).
 *
 * @example
 * deadlinePolicy({ calendar: businessCalendar({ timeZone: 'Europe/London' }), rules: ukFcaDispRules });
 */
export const ukFcaDisp: DeadlinePreset = preset({
  ruleSet: { id: 'uk-fca-disp', version: 1 },
  ruleText: 'FCA Handbook, DISP 1 (Treating complainants fairly)',
  articles: ['DISP 1.5.1R', 'DISP 1.5.4R', 'DISP 1.6.2R'],
  effective: '2016-06-30',
  rules: {
    decide: summaryResolution,
    resolve: {
      within: { calendarDays: 56 },
      metBy: [
        response('final', 'summary-resolution'),
        rejected,
        { event: 'ResponseSent', kinds: ['holding'], requires: ['expectedBy', 'referralRights'] },
      ],
      escalate: true,
    },
  },
});

/** The rules of {@link ukFcaDisp}. */
export const ukFcaDispRules: DeadlineRules = ukFcaDisp.rules;

/**
 * UK, FCA DISP for payment services and e-money complaints (PSD and EMD complaints).
 * DISP 1.6.2AR(1): a final response by the end of 15 business days after the day the
 * complaint is received; DISP 1.6.2AR(2): in exceptional situations, a holding reply within
 * those 15 business days that gives the reasons for the delay and the date of the final
 * response, which is at most 35 business days after receipt (DISP 1.6.1R(1)(b)(i), DISP
 * 2.8.2R(2A)). The `resolve` clock: 15 business days, met by a `final` response, a summary
 * resolution or a rejection; a `holding` response with `expectedBy` moves it to 35 business
 * days, and an `expectedBy` later than that is refused. The summary resolution window of
 * DISP 1.5 applies as in {@link ukFcaDisp}.
 *
 * @example
 * deadlinePolicy({ calendar: businessCalendar({ timeZone: 'Europe/London', holidays }), rules: ukFcaPaymentServicesRules });
 */
export const ukFcaPaymentServices: DeadlinePreset = preset({
  ruleSet: { id: 'uk-fca-disp-psd-emd', version: 1 },
  ruleText: 'FCA Handbook, DISP 1 (PSD and EMD complaints)',
  articles: ['DISP 1.5.1R', 'DISP 1.6.2AR', 'DISP 2.8.2R(2A)'],
  effective: '2018-01-13',
  rules: {
    decide: summaryResolution,
    resolve: {
      within: { businessDays: 15 },
      metBy: [response('final', 'summary-resolution'), rejected],
      extendOn: {
        answer: { event: 'ResponseSent', kinds: ['holding'], requires: ['expectedBy'] },
        to: { businessDays: 35 },
      },
      escalate: true,
    },
  },
});

/** The rules of {@link ukFcaPaymentServices}. */
export const ukFcaPaymentServicesRules: DeadlineRules = ukFcaPaymentServices.rules;

/**
 * US, CFPB company portal (Company Portal Manual, "Providing a timely response"): the
 * company's response within 15 calendar days of the complaint being sent to it; a company
 * that cannot close it may mark it "in progress" and give its final response within 60
 * calendar days. `decide` (15 days) is met by a `holding` ("in progress"), `decision` or
 * `final` response, or a rejection; `resolve` (60 days) by a `decision` or `final`
 * response, or a rejection.
 *
 * @example
 * deadlinePolicy({ calendar: businessCalendar({ timeZone: 'America/New_York' }), rules: usCfpbRules });
 */
export const usCfpb: DeadlinePreset = preset({
  ruleSet: { id: 'us-cfpb-portal', version: 1 },
  ruleText: 'CFPB Company Portal Manual',
  articles: ['Providing a timely response (15 and 60 calendar days)'],
  effective: '2012-01-01',
  rules: {
    decide: { within: { calendarDays: 15 }, metBy: [response('holding', 'decision', 'final'), rejected] },
    resolve: { within: { calendarDays: 60 }, metBy: [response('decision', 'final'), rejected], escalate: true },
  },
});

/** The rules of {@link usCfpb}. */
export const usCfpbRules: DeadlineRules = usCfpb.rules;

/**
 * Every built-in preset version, oldest first; a policy looks a clock's recorded version up here.
 *
 * @example
 * PRESET_VERSIONS.map((p) => `${p.ruleSet.id}@${p.ruleSet.version}`);
 */
export const PRESET_VERSIONS: readonly DeadlinePreset[] = [
  nfraConsumerComplaints,
  samrComplaints,
  ukFcaDisp,
  ukFcaPaymentServices,
  usCfpb,
];

/**
 * A progress update to the complainant at least every `businessDays` business days while
 * the complaint is open (DISP 1.6.1R(2): "kept informed thereafter of the progress"): a
 * recurring `progress` clock, met by a `respond` of kind `progress` and started again from it.
 *
 * @example
 * deadlinePolicy({ calendar, rules: { ...ukFcaDispRules, progress: progressUpdates(10) } });
 */
export const progressUpdates = (
  businessDays: number,
  options: Pick<DeadlineRule, 'from' | 'escalate'> = {},
): DeadlineRule => ({
  within: { businessDays },
  repeat: true,
  metBy: [response('progress')],
  ...options,
});

/**
 * Under FCA DISP: whether the complaint was resolved by close of the third business
 * day after receipt (a summary resolution, reported separately): a summary resolution
 * communication in time (a `decide` clock of {@link ukFcaDispRules} met by it), or the
 * complaint closed or its remedy carried out by then.
 *
 * @example
 * isSummaryResolution(await engine.load(id), calendar); // true
 */
export const isSummaryResolution = (c: Complaint, calendar: BusinessCalendar): boolean => {
  const decide = c.deadlines?.decide;
  const told =
    decide?.status === 'met' &&
    decide.metAt !== undefined &&
    Date.parse(decide.metAt) <= Date.parse(decide.dueAt) &&
    (decide.metBy ?? []).some((a) => a.kinds?.includes('summary-resolution') === true);
  if (told) return true;
  const end = c.closedAt ?? c.implementation?.at;
  if (end === undefined || c.stage === 'withdrawn') return false;
  return Date.parse(end) <= calendar.closeOfBusinessDay(Date.parse(c.receivedAt), 3);
};
