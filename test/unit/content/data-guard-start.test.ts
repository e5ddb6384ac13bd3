// @vitest-environment happy-dom
/**
 * When the data guard's engine loads without the agent asking (src/content/features/data-guard.ts): once the page
 * has settled — its DOM quiet for a while, so that a helpdesk app still rendering its start is not made to wait for
 * the engine's compilation — or at the latest some seconds after start on a page that never stops changing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const startDataGuard = vi.fn();
vi.mock('../../../src/content/guard/session.ts', () => ({ startDataGuard }));

const { dataGuard } = await import('../../../src/content/features/data-guard.ts');
const { DomWatcher } = await import('../../../src/content/runtime/dom-watch.ts');

let abort: AbortController;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestIdleCallback'] });
  startDataGuard.mockClear();
  abort = new AbortController();
  document.body.innerHTML = '<main><div id="reply" contenteditable="true"></div></main>';
});
afterEach(() => {
  abort.abort();
  vi.useRealTimers();
});

function start() {
  const dom = new DomWatcher(document, abort.signal);
  const context = {
    site: { id: 't', name: 'T', matches: [], selectors: { ticketView: ['main'], composer: ['#reply'] } },
    signal: abort.signal,
    dom,
    listen: () => {},
    frames: { each: () => {} },
    workbench: {
      contextKeys: { set: () => {}, delete: () => {} },
      statusBar: { set: () => {} },
      commands: { register: () => {} },
    },
  };
  void dataGuard.start(context as never);
}

/** A DOM change, and the mutation observer's delivery of it. */
async function change(): Promise<void> {
  document.querySelector('main')!.append(document.createElement('span'));
  await Promise.resolve();
  await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
}

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('the data guard’s start without the agent', () => {
  it('waits for the page’s DOM to be quiet for 2.5 s, then starts in an idle moment', async () => {
    start();
    await advance(2_000);
    await change();
    await advance(2_000);
    expect(startDataGuard).not.toHaveBeenCalled();
    await advance(3_000);
    expect(startDataGuard).toHaveBeenCalledOnce();
  });

  it('starts 10 s after start at the latest on a page that never stops changing', async () => {
    start();
    for (let i = 0; i < 9; i++) {
      await advance(1_000);
      await change();
    }
    expect(startDataGuard).not.toHaveBeenCalled();
    await advance(3_500);
    expect(startDataGuard).toHaveBeenCalledOnce();
  });

  it('starts in the first idle moment when the reply box already holds text (a restored draft)', async () => {
    document.getElementById('reply')!.textContent = 'Draft';
    start();
    expect(startDataGuard).not.toHaveBeenCalled();
    await advance(0);
    expect(startDataGuard).toHaveBeenCalledOnce();
  });
});
