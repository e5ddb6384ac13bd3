/**
 * The data guard's core, for the composer, the send guard, the audit, the options page and the CLI.
 *
 *   detect(text, options)                 → Finding[]            one-off scan
 *   createDetectionEngine(options)        → engine.scan(text)    repeated scans with one configuration
 *   createIncrementalScanner(policy)      → update(text)         the composer, on every keystroke
 *   validateRedactionPolicy(json)         → {ok, policy|errors}  imports and the options-page editor
 *   exportRedactionPolicy(policy)         → JSON text            exports (with its $schema)
 *   evaluate(text, policy)                → EvaluatedFinding[]   each finding with its action
 *   decideSend(findings)                  → allow|warn|block|mask
 *   mask(text, findings, policy), redact(text, policy)
 *   auditFields(text, finding, salt)      → what the audit may record (salted hash, never the value)
 */
export type { AllowRule } from './allow-list.ts';
export { type AuditFields, auditFields, saltedHash } from './audit-hash.ts';
export type { CustomDetectorSpec } from './custom-detectors.ts';
export {
  createDetectionEngine,
  DEFAULT_MIN_SCORE,
  type DetectionEngine,
  type DetectionOptions,
  detect,
} from './engine.ts';
export { createIncrementalScanner, type IncrementalScanner } from './incremental.ts';
export { DEFAULT_POLICY, defaultPolicy } from './policy/default-policy.ts';
export {
  applyPolicy,
  decideSend,
  type EvaluatedFinding,
  engineFor,
  evaluate,
  ruleFor,
  type SendVerdict,
} from './policy/evaluate.ts';
export { fullMasking, mask, maskUntilClean, maskValue, redact, redactForStorage } from './policy/mask.ts';
export { effectiveStyle, LAST4_TYPES, styleApplies } from './policy/mask-styles.ts';
export { pasteSiteMatches, pasteSiteMatchPatterns, pasteSitesFor } from './policy/paste-sites.ts';
export {
  MASK_STYLES,
  type MaskStyle,
  POLICY_ACTIONS,
  type PolicyAction,
  type RedactionPolicy,
  RedactionPolicySchema,
} from './policy/schema.ts';
export {
  exportRedactionPolicy,
  POLICY_SCHEMA_URL,
  type PolicyError,
  type PolicyValidation,
  validateRedactionPolicy,
} from './policy/validate.ts';
export { CHECKSUM_TYPES, type Finding, isPiiType, PII_TYPES, type PiiType } from './types.ts';
