/**
 * The worker's shift memory: two tabs, two tickets, two customers; what survives the worker being stopped
 * (session storage), and what a new shift or the agent's "Forget" clears.
 */
import { describe, expect, it } from 'vitest';
import { CustomerMemoryService, forgetOnSignInChange } from '../../../src/background/customer-memory.ts';
import { keyHasher } from '../../../src/core/pii/customers/hash.ts';
import { identifierKey } from '../../../src/core/pii/customers/keys.ts';
import { memoryStorage } from './memory-storage.ts';

const HOUR = 3_600_000;

async function setup() {
  const session = memoryStorage();
  let now = 1_000_000;
  const service = () => new CustomerMemoryService(session, () => now);
  return { session, service, advance: (ms: number) => (now += ms) };
}

describe('the shift memory in the worker', () => {
  it("tells the second ticket's guard the first customer's e-mail, by hash, and survives a worker restart", async () => {
    const { session, service } = await setup();
    const worker = service();
    const { salt } = await worker.sync({ hashes: [], shiftMs: 12 * HOUR });
    const hash = keyHasher(salt);
    const maya = hash(identifierKey('EMAIL_ADDRESS', 'maya@example.com')!);
    await worker.sync({
      ticket: 'demo:1042',
      label: '#1042',
      customer: maya,
      hashes: [maya],
      shiftMs: 12 * HOUR,
    });
    // The worker is stopped and started again: the memory comes back from session storage.
    const restarted = service();
    const answer = await restarted.sync({
      ticket: 'demo:1043',
      label: '#1043',
      hashes: [],
      shiftMs: 12 * HOUR,
    });
    expect(answer.salt).toBe(salt);
    expect(answer.owners).toEqual([[maya, '#1042']]);
    expect(JSON.stringify(session.data)).not.toContain('maya');
  });

  it('a new shift starts with a new salt and nothing remembered', async () => {
    const { service, advance } = await setup();
    const worker = service();
    const first = await worker.sync({
      ticket: 'demo:1',
      label: '#1',
      hashes: ['a'.repeat(32)],
      shiftMs: 8 * HOUR,
    });
    advance(8 * HOUR + 1);
    const next = await worker.sync({ ticket: 'demo:2', label: '#2', hashes: [], shiftMs: 8 * HOUR });
    expect(next.salt).not.toBe(first.salt);
    expect(next.owners).toEqual([]);
  });

  it('two tabs telling at once lose neither ticket', async () => {
    const { service } = await setup();
    const worker = service();
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        worker.sync({
          ticket: `demo:${n}`,
          label: `#${n}`,
          hashes: [String(n).padStart(32, '0')],
          shiftMs: HOUR,
        }),
      ),
    );
    const answer = await worker.sync({ ticket: 'demo:99', label: '#99', hashes: [], shiftMs: HOUR });
    expect(answer.owners).toHaveLength(10);
  });

  it('"Forget" empties the memory and changes the salt; a paste site hears every customer', async () => {
    const { service } = await setup();
    const worker = service();
    const { salt } = await worker.sync({
      ticket: 'demo:1',
      label: '#1',
      hashes: ['b'.repeat(32)],
      shiftMs: HOUR,
    });
    expect((await worker.sync({ hashes: [], shiftMs: HOUR, everyone: true })).owners).toEqual([
      ['b'.repeat(32), '#1'],
    ]);
    expect(await worker.forget()).toEqual({ forgotten: 1 });
    const after = await worker.sync({ hashes: [], shiftMs: HOUR, everyone: true });
    expect(after.owners).toEqual([]);
    expect(after.salt).not.toBe(salt);
  });

  it('hashes keys the worker found itself with the shift salt: the page then looks them up with the same salt', async () => {
    const { service } = await setup();
    const worker = service();
    const email = identifierKey('EMAIL_ADDRESS', 'maya@example.com')!;
    await worker.syncKeys({
      ticket: 'demo:1',
      label: '#1',
      customerKey: email,
      keys: [email],
      shiftMs: HOUR,
    });
    const answer = await worker.sync({ ticket: 'demo:2', label: '#2', hashes: [], shiftMs: HOUR });
    expect(answer.owners).toEqual([[keyHasher(answer.salt)(email), '#1']]);
  });
});

describe('the shift ends when the browser profile signs out', () => {
  it("forgets every customer of the shift on the profile's sign-in change; no event, nothing registered", async () => {
    const { service } = await setup();
    const worker = service();
    let fire: ((account: unknown, signedIn: boolean) => void) | undefined;
    const identity = {
      onSignInChanged: {
        addListener: (listener: (account: unknown, signedIn: boolean) => void) => {
          fire = listener;
        },
      },
    };
    expect(forgetOnSignInChange(worker, identity)).toBe(true);
    const first = await worker.sync({
      ticket: 'demo:1',
      label: '#1',
      customer: 'maya',
      hashes: ['a'.repeat(32)],
      shiftMs: 8 * HOUR,
    });
    const before = await worker.sync({
      ticket: 'demo:2',
      label: '#2',
      customer: 'tom',
      hashes: [],
      shiftMs: 8 * HOUR,
    });
    expect(before.owners).toEqual([['a'.repeat(32), '#1']]);
    fire!({ id: 'agent' }, false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await worker.sync({
      ticket: 'demo:2',
      label: '#2',
      customer: 'tom',
      hashes: [],
      shiftMs: 8 * HOUR,
    });
    expect(after.owners).toEqual([]);
    expect(after.salt).not.toBe(first.salt);
    expect(forgetOnSignInChange(worker, undefined)).toBe(false);
    expect(forgetOnSignInChange(worker, {})).toBe(false);
  });
});
