/**
 * What the policy says about a text: each finding with the action it gets, and the verdict for the send button.
 * Engines are built once per policy object (compiled patterns, allow-lists) and reused for every scan.
 */
import { createDetectionEngine, type DetectionEngine, type DetectionOptions } from '../engine.ts';
import type { Finding } from '../types.ts';
import { effectiveStyle } from './mask-styles.ts';
import type { MaskStyle, PolicyAction, RedactionPolicy } from './schema.ts';

export interface EvaluatedFinding extends Finding {
  action: Exclude<PolicyAction, 'off'>;
  /** May the agent send anyway (always with a written reason)? */
  overridable: boolean;
  /** The ticket of the other customer this value was seen on ("#1042"): customers/check.ts. */
  belongsTo?: string;
}

export interface ResolvedRule {
  action: PolicyAction;
  minScore: number;
  masking: MaskStyle;
  tag: string;
  override: 'never' | 'with-reason';
}

const DEFAULT_TAGS: Record<string, string> = {
  CREDIT_CARD: '[CARD]',
  CARD_EXPIRY: '[CARD EXPIRY]',
  CARD_CVV: '[CVV]',
  EMAIL_ADDRESS: '[EMAIL]',
  PHONE_NUMBER: '[PHONE]',
  STREET_ADDRESS: '[ADDRESS]',
  DATE_OF_BIRTH: '[DATE OF BIRTH]',
  PRIVATE_KEY: '[PRIVATE KEY]',
  API_KEY: '[API KEY]',
  PASSWORD: '[PASSWORD]',
  CUSTOMER_NAME: '[NAME]',
};

/**
 * Resolved rules by policy object (policies are replaced, never changed in place): the composer asks for every
 * finding's rule on every keystroke, and building them again was a fifth of what a key allocated.
 */
const resolved = new WeakMap<RedactionPolicy, Map<string, ResolvedRule>>();

/** The rule for one type: the type's own settings over the policy's defaults over built-in defaults. */
export function ruleFor(policy: RedactionPolicy, type: string): ResolvedRule {
  let rules = resolved.get(policy);
  if (!rules) {
    rules = new Map();
    resolved.set(policy, rules);
  }
  let rule = rules.get(type);
  if (!rule) {
    rule = Object.freeze(resolveRule(policy, type));
    rules.set(type, rule);
  }
  return rule;
}

function resolveRule(policy: RedactionPolicy, type: string): ResolvedRule {
  const own = policy.types?.[type];
  const defaults = policy.defaults ?? {};
  return {
    action: own?.action ?? defaults.action ?? 'flag',
    minScore: own?.minScore ?? defaults.minScore ?? 0.6,
    // A style that would leave a usable value of this type (last4 of an IP address) masks it in full instead.
    masking: effectiveStyle(own?.masking ?? defaults.masking ?? 'last4', type),
    tag: own?.tag ?? DEFAULT_TAGS[type] ?? `[${type.replace(/_/g, ' ')}]`,
    override: own?.override ?? defaults.override ?? 'with-reason',
  };
}

/** The detection options a policy implies (region, allow-list, custom detectors, per-type minimum scores). */
export function detectionOptions(policy: RedactionPolicy, region?: string): DetectionOptions {
  return {
    region: region ?? policy.region ?? 'US',
    phoneRegions: policy.phoneRegions ?? [],
    allow: policy.allow ?? [],
    custom: policy.customDetectors ?? [],
    minScore: (type) => ruleFor(policy, type).minScore,
  };
}

const engines = new WeakMap<RedactionPolicy, Map<string, DetectionEngine>>();
/**
 * The engines of a policy by its content, for callers that get a fresh copy of the same policy on every read (the
 * worker's settings): building an engine costs milliseconds, and the worker masks on every ticket seen, learned
 * example and audit entry. Bounded: clients have a handful of policies.
 */
const enginesByContent = new Map<string, Map<string, DetectionEngine>>();
const MAX_POLICIES_BY_CONTENT = 32;

function enginesOf(policy: RedactionPolicy): Map<string, DetectionEngine> {
  let byRegion = engines.get(policy);
  if (!byRegion) {
    const content = JSON.stringify(policy);
    byRegion = enginesByContent.get(content);
    if (!byRegion) {
      if (enginesByContent.size >= MAX_POLICIES_BY_CONTENT) enginesByContent.clear();
      byRegion = new Map();
      enginesByContent.set(content, byRegion);
    }
    engines.set(policy, byRegion);
  }
  return byRegion;
}

/** The engine for a policy (and region), built on first use and reused for the same policy object or content. */
export function engineFor(policy: RedactionPolicy, region?: string): DetectionEngine {
  const key = region ?? policy.region ?? 'US';
  const byRegion = enginesOf(policy);
  let engine = byRegion.get(key);
  if (!engine) {
    engine = createDetectionEngine(detectionOptions(policy, key));
    byRegion.set(key, engine);
  }
  return engine;
}

/** Attaches each finding's action; drops the types the policy switches off. */
export function applyPolicy(findings: readonly Finding[], policy: RedactionPolicy): EvaluatedFinding[] {
  const evaluated: EvaluatedFinding[] = [];
  for (const finding of findings) {
    const rule = ruleFor(policy, finding.type);
    if (rule.action === 'off') continue;
    evaluated.push({ ...finding, action: rule.action, overridable: rule.override === 'with-reason' });
  }
  return evaluated;
}

export interface EvaluateOptions {
  /** The client's default region for phone numbers, when the policy does not set one. */
  region?: string;
}

export function evaluate(
  text: string,
  policy: RedactionPolicy,
  options: EvaluateOptions = {},
): EvaluatedFinding[] {
  return applyPolicy(engineFor(policy, options.region).scan(text), policy);
}

export type SendVerdict = 'allow' | 'warn' | 'block' | 'mask';

/**
 * The send guard's verdict, the most severe action among the findings: block (cannot be sent; an overridable
 * block asks for a reason) > warn (confirm before sending) > mask (sent masked, no question asked) > allow.
 * After a confirmed warning, findings whose action is `mask` are still masked before sending.
 */
export function decideSend(findings: readonly Pick<EvaluatedFinding, 'action'>[]): SendVerdict {
  let verdict: SendVerdict = 'allow';
  for (const { action } of findings) {
    if (action === 'block') return 'block';
    if (action === 'warn') verdict = 'warn';
    else if (action === 'mask' && verdict === 'allow') verdict = 'mask';
  }
  return verdict;
}
