export { RedressError, RedressErrorCode, isRedressError } from './redressError';
