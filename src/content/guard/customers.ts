/**
 * The customer-aware guard on a page: knows the open ticket's customer (what the page shows of them and the
 * identifiers in what they wrote), tells the worker as salted hashes (background/customer-memory.ts), and hears
 * back which identifiers belong to other customers this shift. Then:
 * - in the reply, a value seen on another customer's ticket is marked "belongs to another customer (#A)" at the
 *   policy's `customers.wrongCustomer` action (names too: no detector finds them, the memory recognises them);
 * - copying the customer's own name or street address from the ticket (where the policy guards copying) and, on
 *   a paste site, pasting any remembered customer's details get `customers.ownDetails`.
 * The hasher lives only in this isolated world; nothing here stores or sends a value.
 */
import {
  type CustomerDetails,
  customerKey,
  customerRules,
  markRemembered,
  ticketKeys,
  valueHasher,
} from '../../core/pii/customers/check.ts';
import { type KeyHasher, keyHasher } from '../../core/pii/customers/hash.ts';
import { CUSTOMER_NAME, identifierKey } from '../../core/pii/customers/keys.ts';
import type { EvaluatedFinding, Finding, RedactionPolicy } from '../../core/pii/index.ts';
import type { request as requestFn } from '../../messaging/client.ts';
import type { Responses } from '../../messaging/protocol.ts';

export interface CustomerAwarenessOptions {
  site: string;
  /** The open ticket's id (absent on a paste site, or a page that names none). */
  ticketId(): string | undefined;
  policy(): RedactionPolicy;
  request: typeof requestFn;
  signal: AbortSignal;
  /** What is marked changed (the memory answered): check the reply again. */
  changed(): void;
}

const REPLY_REASON = (label: string) => `belongs to another customer (${label})`;

const OWN_TYPES: ReadonlySet<string> = new Set([CUSTOMER_NAME, 'STREET_ADDRESS']);

/** The keys of the customer's own name and street address (the copy guard's). */
function ownKeysOf(details: CustomerDetails): string[] {
  return [
    details.name ? identifierKey(CUSTOMER_NAME, details.name) : undefined,
    details.address ? identifierKey('STREET_ADDRESS', details.address) : undefined,
  ].filter((key): key is string => !!key);
}

export class CustomerAwareness {
  /** The shift's hasher, once the worker has said the salt, and its cache of the reply's values. */
  private hash: KeyHasher | undefined;
  private hashValue: ((type: string, value: string) => string) | undefined;
  private salt = '';
  /** Identifiers of other customers (hash → their ticket, "#1042"); on a paste site, of every customer. */
  private owners: ReadonlyMap<string, string> = new Map();
  /** This ticket's customer's name and street address (hash → this ticket), for the copy guard. */
  private own: ReadonlyMap<string, string> = new Map();
  /** What the page last showed of its customer, as keys (hashed only when sent). */
  private keys: string[] = [];
  private customer: string | undefined;
  private ownKeys: string[] = [];
  /** `own` holds the hashes of `ownKeys` under the current salt. */
  private ownHashed = false;
  private lastSync = '';
  private syncing: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: CustomerAwarenessOptions) {}

  /** Asks for the shift's salt and what is known (at start, and when the tab is shown again). */
  refresh(): void {
    this.lastSync = '';
    this.sync();
  }

  /** What the ticket shows of its customer: their details and what they wrote, with its findings. */
  seen(details: CustomerDetails, texts: ReadonlyArray<{ text: string; findings: readonly Finding[] }>): void {
    const rules = customerRules(this.options.policy());
    this.keys = ticketKeys(details, texts, rules.remember);
    this.customer = customerKey(details);
    this.ownKeys = ownKeysOf(details);
    this.ownHashed = false;
    this.sync();
  }

  /** What the worker answered after scanning the ticket itself (guard.scanMessages): no hashing on the page. */
  learn(answer: Responses['customers.sync'], details: CustomerDetails): void {
    this.ownKeys = ownKeysOf(details);
    this.ownHashed = false;
    this.adoptSalt(answer.salt);
    this.takeOwners(answer.owners);
  }

  /** The shift's salt as the worker said it; true when it is new (the first answer, or a new shift). */
  private adoptSalt(salt: string): boolean {
    if (salt === this.salt) return false;
    this.salt = salt;
    this.hash = keyHasher(salt);
    this.hashValue = valueHasher(this.hash);
    this.ownHashed = false;
    return true;
  }

  /** The customer's own name and address, hashed when first needed (a copy), not as the page loads. */
  private hashOwn(): void {
    const hash = this.hash;
    if (!hash) return;
    const ticket = this.options.ticketId();
    this.own = new Map(this.ownKeys.map((key) => [hash(key), ticket ? `#${ticket}` : 'this ticket']));
    this.ownHashed = true;
  }

  private takeOwners(list: ReadonlyArray<[string, string]>): void {
    const owners = new Map(list);
    const same =
      owners.size === this.owners.size &&
      [...owners].every(([hash, label]) => this.owners.get(hash) === label);
    this.owners = owners;
    if (!same) this.options.changed();
  }

  private sync(): void {
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = this.syncOnce().finally(() => {
      this.syncing = undefined;
      if (this.again && !this.options.signal.aborted) {
        this.again = false;
        this.sync();
      }
    });
  }

  private async syncOnce(): Promise<void> {
    const ticketId = this.options.ticketId();
    const hash = this.hash;
    // Before the salt is known nothing can be told: the first answer brings it.
    const payload = {
      site: this.options.site,
      ...(ticketId ? { ticketId } : {}),
      ...(hash && this.customer ? { customer: hash(this.customer) } : {}),
      hashes: hash ? this.keys.map(hash).slice(0, 500) : [],
    };
    const key = JSON.stringify(payload);
    if (key === this.lastSync) return;
    let answer: Responses['customers.sync'];
    try {
      answer = await this.options.request('customers.sync', payload);
    } catch {
      // The worker is restarting or the extension reloaded: the reply is still checked for everything else.
      return;
    }
    if (this.options.signal.aborted) return;
    // The first answer, or a new shift: tell again, with this salt.
    if (this.adoptSalt(answer.salt)) {
      if (this.keys.length) this.again = true;
    } else this.lastSync = key;
    this.takeOwners(answer.owners);
  }

  /** The reply's findings, with another customer's values marked (and their full names found). */
  markReply(text: string, findings: readonly EvaluatedFinding[]): readonly EvaluatedFinding[] {
    const hash = this.hash;
    if (!hash || this.owners.size === 0) return findings;
    const rules = customerRules(this.options.policy());
    return markRemembered(text, findings, {
      hash,
      ...(this.hashValue ? { hashValue: this.hashValue } : {}),
      owners: this.owners,
      remember: rules.remember,
      action: rules.wrongCustomer,
      reason: REPLY_REASON,
    });
  }

  /** Copied ticket text: the ticket's customer's own name and street address marked. */
  markOwnDetails(text: string, findings: readonly EvaluatedFinding[]): readonly EvaluatedFinding[] {
    if (!this.ownHashed) this.hashOwn();
    const hash = this.hash;
    if (!hash || this.own.size === 0) return findings;
    const rules = customerRules(this.options.policy());
    return markRemembered(text, findings, {
      hash,
      owners: this.own,
      remember: new Set([...rules.remember].filter((type) => OWN_TYPES.has(type))),
      action: rules.ownDetails,
      reason: () => "the customer's own details, from this ticket",
    });
  }

  /** Text pasted on a paste site: any remembered customer's details marked. */
  markAnyCustomer(text: string, findings: readonly EvaluatedFinding[]): readonly EvaluatedFinding[] {
    const hash = this.hash;
    if (!hash || this.owners.size === 0) return findings;
    const rules = customerRules(this.options.policy());
    return markRemembered(text, findings, {
      hash,
      owners: this.owners,
      remember: rules.remember,
      action: rules.ownDetails,
      reason: (label) => `a customer's details, from ${label}`,
    });
  }
}
