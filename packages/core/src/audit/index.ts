export { canonicalJson } from './canonicalJson';
export { hashEvent, hashOfStoredText, hashedContent } from './hashChain';
export { verifyEvents, type VerifyResult, type VerifyOptions } from './verifyEvents';
