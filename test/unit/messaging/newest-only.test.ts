import { describe, expect, it } from 'vitest';
import { NewestOnly, STALE } from '../../../src/messaging/newest-only.ts';

/** A promise settled by hand, to make answers arrive in the order a test needs. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('newest-only requests', () => {
  it('drops an older answer that arrives after a newer request was made, whatever order they settle in', async () => {
    const newest = new NewestOnly();
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = newest.run(() => slow.promise);
    const second = newest.run(() => fast.promise);
    fast.resolve('fresh: two clients');
    slow.resolve('stale: no client');
    expect(await second).toBe('fresh: two clients');
    expect(await first).toBe(STALE);
  });

  it('passes on the newest call’s failure, but not a stale one’s', async () => {
    const newest = new NewestOnly();
    const older = newest.run(() => Promise.reject(new Error('worker restarting')));
    const newer = newest.run(() => Promise.reject(new Error('no client for this page')));
    expect(await older).toBe(STALE);
    await expect(newer).rejects.toThrow('no client for this page');
  });

  it('delivers every answer of calls made one after another', async () => {
    const newest = new NewestOnly();
    expect(await newest.run(async () => 1)).toBe(1);
    expect(await newest.run(async () => 2)).toBe(2);
  });
});
