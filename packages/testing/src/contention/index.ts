export { type ContentionResult, contend, expectContentionAbsorbed, quantile } from './contention';
