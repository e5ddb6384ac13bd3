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

export class CustomerMemoryService {
  private state: Promise<Stored> | undefined;
  /** One change at a time: two tabs syncing at once must not lose each other's tickets. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: StorageAreaLike,
    private readonly now: () => number,
  ) {}

  private load(): Promise<Stored> {
    this.state ??= this.session.get(KEY).then((items) => {
      const stored = items[KEY] as Stored | undefined;
      if (stored && typeof stored.salt === 'string' && typeof stored.startedAt === 'number') return stored;
      return { salt: newSalt(), startedAt: this.now(), memory: { version: 1, tickets: [] } };
    });
    return this.state;
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }

  sync(input: SyncInput): Promise<{ salt: string; owners: Array<[string, string]>; remembered: number }> {
    return this.exclusive(async () => {
      let stored = await this.load();
      const now = this.now();
      let changed = false;
      if (now - stored.startedAt > input.shiftMs) {
        // The shift is over: what the agent saw in it is forgotten, and the old salt with it.
        stored = { salt: newSalt(), startedAt: now, memory: { version: 1, tickets: [] } };
        changed = true;
      }
      const memory = CustomerMemory.restore(stored.memory);
      if (memory.expire(now - input.shiftMs)) changed = true;
      if (input.ticket && input.hashes.length) {
        if (
          memory.remember(
            {
              ticket: input.ticket,
              label: input.label ?? input.ticket,
              customer: input.customer,
              hashes: input.hashes,
            },
            now,
          )
        )
          changed = true;
      }
      if (changed) {
        stored = { ...stored, memory: memory.snapshot() };
        this.state = Promise.resolve(stored);
        await this.session.set({ [KEY]: stored });
      }
      const owners = input.ticket || input.everyone ? memory.othersFor(input.ticket, input.customer) : [];
      return {
        salt: stored.salt,
        owners: owners.map(({ hash, label }) => [hash, label] as [string, string]),
        remembered: memory.size,
      };
    });
  }

  /** `sync` from unhashed keys (the worker scanned the ticket itself): hashed here with the shift's salt. */
  async syncKeys(input: {
    ticket: string;
    label: string;
    customerKey: string | undefined;
    keys: readonly string[];
    shiftMs: number;
  }): Promise<{ salt: string; owners: Array<[string, string]>; remembered: number }> {
    // A shift that has ended starts anew first, so the keys are hashed with the salt they are kept under.
    const { salt } = await this.sync({ hashes: [], shiftMs: input.shiftMs });
    const hash = keyHasher(salt);
    return this.sync({
      ticket: input.ticket,
      label: input.label,
      ...(input.customerKey ? { customer: hash(input.customerKey) } : {}),
      hashes: input.keys.map(hash),
      shiftMs: input.shiftMs,
    });
  }

  forget(): Promise<{ forgotten: number }> {
    return this.exclusive(async () => {
      const before = CustomerMemory.restore((await this.load()).memory).size;
      const stored: Stored = { salt: newSalt(), startedAt: this.now(), memory: { version: 1, tickets: [] } };
      this.state = Promise.resolve(stored);
      await this.session.set({ [KEY]: stored });
      return { forgotten: before };
    });
  }
}
