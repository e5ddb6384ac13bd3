/**
 * Whose data is it: the customer-aware guard's decisions on a text, given what the shift memory knows.
 * - `ticketKeys`: what a ticket shows that identifies its customer (remembered as hashes by the worker);
 * - `markRemembered`: findings whose value is a remembered identifier get the policy's action and say whose it is
 *   ("belongs to another customer (#1042)"); remembered full names are found too (no detector finds names).
 * The same function serves the reply (identifiers of other customers) and the copy and paste guards (the
 * ticket's own customer's name and address).
 */
import { type EvaluatedFinding, evaluate } from '../policy/evaluate.ts';
import type { CustomersRules, PolicyAction, RedactionPolicy } from '../policy/schema.ts';
import type { Finding } from '../types.ts';
import type { KeyHasher } from './hash.ts';
import { CUSTOMER_NAME, DEFAULT_REMEMBERED_TYPES, identifierKey, nameKey, nameSpans } from './keys.ts';

export interface CustomerRules {
  wrongCustomer: PolicyAction;
  ownDetails: PolicyAction;
  remember: ReadonlySet<string>;
  shiftMs: number;
}

const HOUR = 3_600_000;

const rulesByPolicy = new WeakMap<RedactionPolicy, CustomerRules>();

/** The policy's customers section with its defaults (kept per policy object: the reply asks on every keystroke). */
export function customerRules(policy: RedactionPolicy): CustomerRules {
  let resolved = rulesByPolicy.get(policy);
  if (!resolved) {
    resolved = resolveRules(policy.customers ?? {});
    rulesByPolicy.set(policy, resolved);
  }
  return resolved;
}

function resolveRules(rules: CustomersRules): CustomerRules {
  return {
    wrongCustomer: rules.wrongCustomer ?? 'warn',
    ownDetails: rules.ownDetails ?? 'flag',
    remember: new Set(rules.remember ?? DEFAULT_REMEMBERED_TYPES),
    shiftMs: (rules.shiftHours ?? 12) * HOUR,
  };
}

/** What the page shows of the ticket's customer, besides what they wrote. */
export interface CustomerDetails {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Found by the engine's street-address detector in the address the page shows. */
  address?: string | null;
}

/**
 * The keys that identify the ticket's customer: their details first (the memory keeps the first ones when a
 * thread has more than it holds), then the remembered types found in what they wrote.
 */
export function ticketKeys(
  details: CustomerDetails,
  texts: ReadonlyArray<{ text: string; findings: readonly Finding[] }>,
  remember: ReadonlySet<string>,
): string[] {
  const keys: string[] = [];
  const add = (type: string, value: string | null | undefined) => {
    if (!value || !remember.has(type)) return;
    const key = identifierKey(type, value);
    if (key) keys.push(key);
  };
  add(CUSTOMER_NAME, details.name);
  add('EMAIL_ADDRESS', details.email);
  add('PHONE_NUMBER', details.phone);
  add('STREET_ADDRESS', details.address);
  for (const { text, findings } of texts)
    for (const finding of findings) add(finding.type, text.slice(finding.start, finding.end));
  return [...new Set(keys)];
}

/** The street address in what the page shows as the customer's address, as the detector reads it (else all of it). */
export function streetIn(address: string | null | undefined, policy: RedactionPolicy): string | null {
  if (!address) return null;
  const street = evaluate(address, policy).find((finding) => finding.type === 'STREET_ADDRESS');
  return street ? address.slice(street.start, street.end) : address;
}

/** The key that says who the ticket's customer is (their e-mail, else their name), when the page shows it. */
export function customerKey(details: CustomerDetails): string | undefined {
  return (
    (details.email ? identifierKey('EMAIL_ADDRESS', details.email) : undefined) ??
    (details.name ? nameKey(details.name) : undefined)
  );
}

export interface RememberedCheck {
  hash: KeyHasher;
  /**
   * The hash of a value of a type ('' when it identifies nobody), if the caller keeps them between keystrokes
   * (valueHasher): the reply's values are the same from one key to the next, their keys need not be built again.
   */
  hashValue?(type: string, value: string): string;
  /** Hash → the ticket it belongs to, as the agent knows it ("#1042"). */
  owners: ReadonlyMap<string, string>;
  remember: ReadonlySet<string>;
  /** The action for a remembered value ('off': none marked). */
  action: PolicyAction;
  /** Why, in the problem card's words, for the ticket the value belongs to. */
  reason(label: string): string;
  /** Whether to look for remembered full names (a costlier pass than looking findings up). */
  names?: boolean;
}

/** Values' hashes by type and value, for one salt, bounded (cleared when full). */
export function valueHasher(hash: KeyHasher, limit = 2048): (type: string, value: string) => string {
  const byType = new Map<string, Map<string, string>>();
  let size = 0;
  return (type, value) => {
    let values = byType.get(type);
    if (!values) {
      values = new Map();
      byType.set(type, values);
    }
    let hashed = values.get(value);
    if (hashed === undefined) {
      const key = identifierKey(type, value);
      hashed = key ? hash(key) : '';
      if (++size > limit) {
        byType.clear();
        size = 1;
        values = new Map();
        byType.set(type, values);
      }
      values.set(value, hashed);
    }
    return hashed;
  };
}

const SEVERITY: Record<Exclude<PolicyAction, 'off'>, number> = { flag: 0, mask: 1, warn: 2, block: 3 };

function stronger(a: Exclude<PolicyAction, 'off'>, b: Exclude<PolicyAction, 'off'>) {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * The findings with those whose value is remembered marked (action raised to the check's, reason and `belongsTo`
 * set), plus remembered full names that no finding covers, in text order. Unchanged (the same array) when nothing
 * is remembered or the action is off.
 */
export function markRemembered(
  text: string,
  findings: readonly EvaluatedFinding[],
  check: RememberedCheck,
): readonly EvaluatedFinding[] {
  const action = check.action;
  if (action === 'off' || check.owners.size === 0) return findings;
  let out: EvaluatedFinding[] | undefined;
  findings.forEach((finding, index) => {
    if (!check.remember.has(finding.type)) return;
    const value = text.slice(finding.start, finding.end);
    let hashed: string;
    if (check.hashValue) hashed = check.hashValue(finding.type, value);
    else {
      const key = identifierKey(finding.type, value);
      hashed = key ? check.hash(key) : '';
    }
    const label = hashed ? check.owners.get(hashed) : undefined;
    if (!label) return;
    out ??= findings.slice();
    // Written out rather than spread: this runs on every keystroke, and a literal of one shape is several times
    // cheaper than copying properties generically.
    out[index] = {
      type: finding.type,
      start: finding.start,
      end: finding.end,
      score: finding.score,
      reason: check.reason(label),
      detector: finding.detector,
      action: stronger(finding.action, action),
      overridable: finding.overridable,
      belongsTo: label,
    };
  });
  if (check.names !== false && check.remember.has(CUSTOMER_NAME)) {
    const names: EvaluatedFinding[] = [];
    let lastEnd = -1;
    for (const span of nameSpans(text)) {
      if (span.start < lastEnd) continue;
      const label = check.owners.get(check.hash(span.key));
      if (!label) continue;
      if (findings.some((finding) => finding.start < span.end && finding.end > span.start)) continue;
      names.push({
        type: CUSTOMER_NAME,
        start: span.start,
        end: span.end,
        score: 0.9,
        reason: check.reason(label),
        detector: 'customer-memory',
        action,
        overridable: true,
        belongsTo: label,
      });
      lastEnd = span.end;
    }
    if (names.length) out = [...(out ?? findings), ...names].sort((a, b) => a.start - b.start);
  }
  return out ?? findings;
}
