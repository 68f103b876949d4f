export { verifyTrusted, type TrustedVerifyOptions, type TrustedVerifyResult } from './verifyTrusted';
export { MAX_FINDINGS_PER_KIND, type TrustedFinding, type TrustedFindingKind } from './findings';
