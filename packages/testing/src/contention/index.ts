export { type ContentionResult, contend, quantile } from './contention';
