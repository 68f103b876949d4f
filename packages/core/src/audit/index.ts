export { canonicalJson } from './canonicalJson';
export { hashEvent, hashedContent } from './hashChain';
export { verifyEvents, type VerifyResult, type VerifyOptions } from './verifyEvents';
