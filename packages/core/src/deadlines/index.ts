export { businessCalendar, type BusinessCalendar, type CalendarOptions } from './calendar';
export { zoneOffset, zonedInstant, localDate, addDays, weekday, type DateKey } from './zone';
export { dueAfter, shareOf, spanIn, shiftBy, basisOf, countedReceipt, type Duration, type Basis } from './duration';
export { deadlinePolicy } from './deadlinePolicy';
export type {
  DeadlinePolicy,
  DeadlinePolicyOptions,
  DeadlineRule,
  DeadlineRules,
  DeadlineFacts,
  ClockStart,
  ExtensionStep,
  ExtendOnResponse,
  RuleSetRef,
  VersionedRules,
} from './deadlineRules';
export { planDeadlines } from './planDeadlines';
export {
  nfraConsumerComplaints,
  nfraConsumerComplaintRules,
  chinaBankingRules,
  samrComplaints,
  samrComplaintRules,
  chinaMarketRegulationRules,
  ukFcaDisp,
  ukFcaDispRules,
  ukFcaPaymentServices,
  ukFcaPaymentServicesRules,
  usCfpb,
  usCfpbRules,
  PRESET_VERSIONS,
  progressUpdates,
  isSummaryResolution,
  type DeadlinePreset,
} from './presets';
export { dueEvents, nextDueMoment, type DueEvent } from './dueEvents';
export { dueIndex, type DueIndex } from './dueIndex';
export { createTicker, CLOCK_ACTOR, type Ticker, type TickerDeps, type TickResult } from './tick';
export { scheduleTicks, type TickScheduler, type SchedulerOptions, type Tickable } from './scheduler';
export {
  foldDeadlines,
  DEADLINE_MET_BY,
  DEFAULT_ANSWERS,
  ANSWERING_EVENTS,
  answers,
  answersClock,
  type DeadlineClock,
  type Deadlines,
} from './deadlineClock';
