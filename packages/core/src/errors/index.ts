export { RedressError, RedressErrorCode, isRedressError } from './redressError';
export type {
  RedressErrorDetails,
  ValidationDetails,
  ValidationIssue,
  NotAllowedDetails,
  ForbiddenDetails,
  NotFoundDetails,
  ConflictDetails,
  TamperedDetails,
  StoredIssue,
  StoreUnavailableDetails,
} from './errorDetails';
