export { STAGES, OPEN_STAGES, FINAL_STAGES, isOpenStage, type Stage, type OpenStage } from './stages';
export {
  eventDataSchemas,
  EVENT_TYPES,
  CURRENT_SCHEMA_VERSION,
  CHANNELS,
  PRIORITIES,
  DEADLINE_KINDS,
  type DeadlineKind,
  UPHOLD_OUTCOMES,
  type UpholdOutcome,
  complainantSchema,
  compensationSchema,
  isEventType,
  type EventType,
  type EventData,
  type DomainEvent,
} from './events';
export {
  commandSchemas,
  commandSchema,
  COMMAND_TYPES,
  COMMAND_EVENT,
  type Command,
  type CommandOf,
  type CommandType,
  type ParsedCommand,
  type ParsedCommandOf,
} from './commands';
export { ROLES, actorSchema, type Actor, type DefaultRole } from './roles';
export { LIMITS } from './limits';
export { personalData, PERSONAL_DATA_PATHS, type PersonalDataMeta } from './personalData';
export type {
  Complaint,
  Complainant,
  ComplaintComplainant,
  Erasable,
  Compensation,
  Proposal,
  Channel,
  Priority,
} from './complaint';
export type { RecordedEvent, StoredEvent } from './envelope';
export { isEventOf } from './envelope';
export { applyEvent } from './applyEvent';
export { guards, guardPasses, type GuardName, type LifecycleGuard } from './guards';
// The machine itself carries XState's types: it is in `@redress/core/machine`.
export type { MachineEvent, MachineContext } from './machineTypes';
export {
  deriveTransitionTable,
  transitionTable,
  findTransition,
  step,
  whyNot,
  type TransitionTable,
  type LifecycleMachine,
  type TableEntry,
  type LifecycleStage,
} from './transitionTable';
export { commandsAllowedInStage } from './allowedCommands';
export { decide, nextProposalId } from './decide';
export { defaultPolicy, definePolicy, type Policy, type RemedyDraft, type FirstContactPolicy } from './policy';
export { ruleRefusal, type ProcedureRule, type RuleSituation, type RuleRefusal } from './procedureRules';
export { segregationOfDuties, firstContactRule, policyRules } from './builtInRules';
export { routeComplaint, type RoutingRule, type RoutingFacts, type Route } from './routing';
export {
  RESPONSE_KINDS,
  RESPONSE_CHANNELS,
  RESPONSE_REQUIREMENTS,
  responseSentSchema,
  clockAnswerSchema,
  type ResponseKind,
  type ResponseChannel,
  type ResponseRequirement,
  type ClockAnswer,
} from './response';
