/**
 * The worker's half of the customer-aware guard: the shift's memory of which identifiers (salted hashes, never
 * values) were seen on which ticket, and the shift's salt. Kept in `storage.session`: it survives the worker being
 * stopped, content scripts cannot read it, and the browser clears it when it closes. A shift ends after the
 * policy's `customers.shiftHours` (a new salt and an empty memory), or on the agent's "Forget" command.
 */
import { keyHasher } from '../core/pii/customers/hash.ts';
import { CustomerMemory, type MemorySnapshot } from '../core/pii/customers/memory.ts';
import type { StorageAreaLike } from './settings-service.ts';

const KEY = 'customers.memory';

interface Stored {
  salt: string;
  startedAt: number;
  memory: MemorySnapshot;
}

function newSalt(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface SyncInput {
  /** `site:ticketId`; absent on a page that names no ticket. */
  ticket?: string;
  label?: string;
  customer?: string;
  hashes: readonly string[];
  /** The client's shift length (ms). */
  shiftMs: number;
  /** A paste site: every identifier remembered is someone's. */
  everyone?: boolean;
}

/** The shift in the worker's memory: the stored record's salt and start, its memory restored once. */
interface Shift {
  salt: string;
  startedAt: number;
  memory: CustomerMemory;
}

type SyncAnswer = { salt: string; owners: Array<[string, string]>; remembered: number };

export class CustomerMemoryService {
  private shift: Promise<Shift> | undefined;
  /** One change at a time: two tabs syncing at once must not lose each other's tickets. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: StorageAreaLike,
    private readonly now: () => number,
  ) {}

  private freshShift(): Shift {
    return { salt: newSalt(), startedAt: this.now(), memory: new CustomerMemory() };
  }

  /** The current shift, read from session storage once per worker start. */
  private load(): Promise<Shift> {
    this.shift ??= this.session.get(KEY).then((items) => {
      const stored = items[KEY] as Stored | undefined;
      if (stored && typeof stored.salt === 'string' && typeof stored.startedAt === 'number')
        return {
          salt: stored.salt,
          startedAt: stored.startedAt,
          memory: CustomerMemory.restore(stored.memory),
        };
      return this.freshShift();
    });
    return this.shift;
  }

  private async save(shift: Shift): Promise<void> {
    this.shift = Promise.resolve(shift);
    const stored: Stored = { salt: shift.salt, startedAt: shift.startedAt, memory: shift.memory.snapshot() };
    await this.session.set({ [KEY]: stored });
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }

  sync(input: SyncInput): Promise<SyncAnswer> {
    return this.exclusive(() =>
      this.update(input, () => ({ customer: input.customer, hashes: input.hashes })),
    );
  }

  /** `sync` from unhashed keys (the worker scanned the ticket itself): hashed here with the shift's salt. */
  syncKeys(input: {
    ticket: string;
    label: string;
    customerKey: string | undefined;
    keys: readonly string[];
    shiftMs: number;
  }): Promise<SyncAnswer> {
    return this.exclusive(() =>
      this.update(
        { ticket: input.ticket, label: input.label, hashes: [], shiftMs: input.shiftMs },
        (salt) => {
          const hash = keyHasher(salt);
          return {
            customer: input.customerKey ? hash(input.customerKey) : undefined,
            hashes: input.keys.map(hash),
          };
        },
      ),
    );
  }

  /**
   * One change: a shift that has ended starts anew (so what is told is hashed with the salt it is kept under),
   * tickets older than the shift go, the ticket's identifiers (from `told`, given the salt) are remembered.
   */
  private async update(
    input: SyncInput,
    told: (salt: string) => { customer: string | undefined; hashes: readonly string[] },
  ): Promise<SyncAnswer> {
    let shift = await this.load();
    const now = this.now();
    let changed = false;
    if (now - shift.startedAt > input.shiftMs) {
      // The shift is over: what the agent saw in it is forgotten, and the old salt with it.
      shift = this.freshShift();
      changed = true;
    }
    if (shift.memory.expire(now - input.shiftMs)) changed = true;
    const { customer, hashes } = told(shift.salt);
    if (
      input.ticket &&
      hashes.length &&
      shift.memory.remember(
        { ticket: input.ticket, label: input.label ?? input.ticket, customer, hashes },
        now,
      )
    )
      changed = true;
    if (changed) await this.save(shift);
    const owners = input.ticket || input.everyone ? shift.memory.othersFor(input.ticket, customer) : [];
    return {
      salt: shift.salt,
      owners: owners.map(({ hash, label }) => [hash, label] as [string, string]),
      remembered: shift.memory.size,
    };
  }

  forget(): Promise<{ forgotten: number }> {
    return this.exclusive(async () => {
      const before = (await this.load()).memory.size;
      await this.save(this.freshShift());
      return { forgotten: before };
    });
  }
}

/** The part of `chrome.identity` that says the browser profile's account changed (Chromium only). */
export interface SignInEvents {
  onSignInChanged?: { addListener(listener: (account: unknown, signedIn: boolean) => void): void };
}

/**
 * Signing out of the browser profile (or into another account) ends the shift: whoever uses the profile next must
 * not be warned with, or learn from, the previous person's customers. Firefox has no such event: there the shift
 * ends with the browser (session storage) or after the policy's shift length.
 */
export function forgetOnSignInChange(
  customers: CustomerMemoryService,
  identity: SignInEvents | undefined,
): boolean {
  const changed = identity?.onSignInChanged;
  if (!changed) return false;
  changed.addListener(() => {
    void customers.forget().catch((error) => console.error('Deskmate: forgetting the shift', error));
  });
  return true;
}
