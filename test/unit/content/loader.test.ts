// @vitest-environment happy-dom
/**
 * The content script's loader (src/content/index.ts): it asks the worker whether Deskmate runs on the page, holds
 * what may be a send meanwhile, hands the worker's answer to the main bundle, and runs nothing where Deskmate is off
 * until a setting changes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Handover, takeHandover } from '../../../src/content/runtime/handover.ts';

type Listener = () => void;
let listeners: Set<Listener>;
let sendMessage: ReturnType<typeof vi.fn>;

beforeEach(() => {
  vi.resetModules();
  listeners = new Set();
  sendMessage = vi.fn();
  (globalThis as unknown as { browser: unknown }).browser = {
    runtime: { sendMessage },
    storage: {
      onChanged: {
        addListener: (listener: Listener) => listeners.add(listener),
        removeListener: (listener: Listener) => listeners.delete(listener),
      },
    },
  };
  document.body.innerHTML =
    '<div id="composer" contenteditable="true">Card 4111 1111 1111 1111</div><button id="send">Send</button>';
});
/** Every loader run's handover: released after each test, so no test's hold outlives it. */
const handovers: Handover[] = [];

afterEach(() => {
  vi.useRealTimers();
  for (const handover of handovers.splice(0)) handover.release();
  delete (globalThis as unknown as { browser?: unknown }).browser;
});

const context = { tabId: 7, url: 'https://acme.zendesk.com/', client: null, settings: { enabled: true } };

async function runLoader(): Promise<Handover> {
  await import('../../../src/content/index.ts');
  const handover = takeHandover();
  if (!handover) throw new Error('the loader published no handover');
  handovers.push(handover);
  return handover;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The worker's answer, given when the test says. */
function answerLater() {
  let answer!: (value: unknown) => void;
  sendMessage.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
  return (value: unknown) => answer(value);
}

function sends() {
  const seen: string[] = [];
  document.addEventListener('click', (event) => seen.push((event.target as Element).id));
  return seen;
}

describe('the content script’s loader', () => {
  it('asks the worker once, and hands its context to the main bundle, which lets the held send go', async () => {
    sendMessage.mockResolvedValueOnce({ ok: true, value: { started: true, context } });
    const seen = sends();
    const handover = await runLoader();
    expect(sendMessage).toHaveBeenCalledExactlyOnceWith({
      channel: 'deskmate',
      type: 'content.start',
      payload: {},
    });
    // A send while Deskmate loads is held…
    document.getElementById('send')!.click();
    expect(await handover.context).toEqual(context);
    expect(seen).toEqual([]);
    // …until the main bundle's own hold listens.
    handover.release();
    expect(seen).toEqual(['send']);
    // Its own storage listener has taken over.
    expect(listeners.size).toBe(0);
    expect(handover.changedSince()).toBe(false);
  });

  it('runs nothing where Deskmate is off, lets held sends go, and asks again once a setting changes', async () => {
    const answer = answerLater();
    const seen = sends();
    const handover = await runLoader();
    document.getElementById('send')!.click();
    expect(seen).toEqual([]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    answer({ ok: true, value: { started: false } });
    await vi.waitFor(() => expect(seen).toEqual(['send']));
    expect(sendMessage).toHaveBeenCalledOnce();
    // Turned on: one question for a burst of changes.
    sendMessage.mockResolvedValueOnce({ ok: true, value: { started: true, context } });
    for (const listener of [...listeners]) listener();
    for (const listener of [...listeners]) listener();
    vi.advanceTimersByTime(100);
    expect(await handover.context).toEqual(context);
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(handover.changedSince()).toBe(false);
  });

  it('notes a setting changed while the answer was on its way, for the main bundle to ask again', async () => {
    const answer = answerLater();
    const handover = await runLoader();
    for (const listener of [...listeners]) listener();
    answer({ ok: true, value: { started: true, context } });
    await handover.context;
    expect(handover.changedSince()).toBe(true);
    expect(sendMessage).toHaveBeenCalledOnce();
  });

  it('never traps a send when the worker cannot start Deskmate', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const answer = answerLater();
    const seen = sends();
    const handover = await runLoader();
    document.getElementById('send')!.click();
    expect(seen).toEqual([]);
    answer({ ok: false, error: 'content.start: Frame with ID 0 was removed.' });
    await expect(handover.context).rejects.toThrow('Frame with ID 0 was removed');
    await flush();
    expect(seen).toEqual(['send']);
    expect(error).toHaveBeenCalled();
    expect(listeners.size).toBe(0);
  });
});
