export { canonicalJson } from './canonicalJson';
export { GENESIS_HASH, hashEvent, hashOfStoredText, hashedContent } from './hashChain';
export { verifyEvents, type VerifyResult, type VerifyOptions } from './verifyEvents';
export { chainChecker, chainsChecker, hashedWhenRead, type ChainFault } from './chainCheck';
