import type { Complaint } from '../domain/complaint';
import type { BusinessCalendar } from './calendar';
import type { DeadlineRules } from './deadlineRules';

/**
 * China, banking and insurance consumer complaints (银行业保险业消费投诉处理管理办法):
 * a decision within 15 days of receipt; for complex cases extendable to 30 days,
 * and by a further 30 days with approval. Each extension is an `extendDeadline`
 * command, which only a supervisor may issue.
 *
 * @example
 * createEngine({ store, deadlines: deadlinePolicy({ calendar, rules: chinaBankingRules }) });
 */
export const chinaBankingRules: DeadlineRules = {
  decide: { within: { calendarDays: 15 }, extensions: [{ calendarDays: 30 }, { calendarDays: 60 }], escalate: true },
};

/**
 * China, market regulation complaints (市场监督管理投诉举报处理暂行办法): whether
 * to accept, within 7 working days of receipt. Give the calendar the official
 * holidays and make-up workdays of the year.
 *
 * @example
 * deadlinePolicy({ calendar: businessCalendar({ timeZone: 'Asia/Shanghai', holidays, extraWorkingDays }), rules: chinaMarketRegulationRules });
 */
export const chinaMarketRegulationRules: DeadlineRules = {
  decide: { within: { businessDays: 7 }, escalate: true },
};

/**
 * UK, FCA DISP: a complaint resolved by close of the third business day after
 * receipt is a summary resolution (DISP 1.5); otherwise the final response is due
 * within 8 weeks (DISP 1.6). The 3-day mark is a `decide` deadline that does not
 * escalate; the 8 weeks are the `resolve` deadline.
 *
 * @example
 * deadlinePolicy({ calendar: businessCalendar({ timeZone: 'Europe/London' }), rules: ukFcaDispRules });
 */
export const ukFcaDispRules: DeadlineRules = {
  decide: { within: { businessDays: 3 } },
  resolve: { within: { calendarDays: 56 }, escalate: true },
};

/**
 * US, CFPB company portal: a response within 15 days, and the final response
 * within 60 days of receipt.
 *
 * @example
 * deadlinePolicy({ calendar: businessCalendar({ timeZone: 'America/New_York' }), rules: usCfpbRules });
 */
export const usCfpbRules: DeadlineRules = {
  decide: { within: { calendarDays: 15 } },
  resolve: { within: { calendarDays: 60 }, escalate: true },
};

/**
 * Under FCA DISP: whether the complaint was resolved by close of the third
 * business day after receipt (a summary resolution, reported separately).
 *
 * @example
 * isSummaryResolution(await engine.load(id), calendar); // true
 */
export const isSummaryResolution = (c: Complaint, calendar: BusinessCalendar): boolean => {
  const end = c.closedAt ?? c.implementation?.at;
  if (end === undefined || c.stage === 'withdrawn') return false;
  return Date.parse(end) <= calendar.closeOfBusinessDay(Date.parse(c.receivedAt), 3);
};
