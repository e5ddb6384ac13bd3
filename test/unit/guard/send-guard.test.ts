// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdSends } from '../../../src/content/guard/hold.ts';
import {
  type DialogAnswer,
  type DialogRequest,
  type GuardRecord,
  installSendGuard,
} from '../../../src/content/guard/send-guard.ts';
import { isAgentEvent } from '../../../src/content/runtime/agent-events.ts';
import type { SiteAdapter } from '../../../src/content/sites/adapter.ts';
import { type RedactionPolicy, validateRedactionPolicy } from '../../../src/core/pii/index.ts';

const CARD = '4111 1111 1111 1111';

const site: SiteAdapter = {
  id: 'test',
  name: 'Test helpdesk',
  matches: ['http://localhost/*'],
  selectors: { ticketView: ['main'], composer: ['#reply'], send: ['#send'] },
};

function policyOf(types: Record<string, unknown>): RedactionPolicy {
  const result = validateRedactionPolicy({ version: 1, types });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

let controller: AbortController;
afterEach(() => {
  controller?.abort();
  document.body.innerHTML = '';
});

function setup(
  types: Record<string, unknown>,
  answer: DialogAnswer = { send: false },
  adapter: SiteAdapter = site,
) {
  document.body.innerHTML = `<main><form id="form"><textarea id="reply"></textarea><button id="send" type="submit">Send</button></form></main>`;
  const form = document.querySelector<HTMLFormElement>('#form')!;
  const textarea = document.querySelector<HTMLTextAreaElement>('#reply')!;
  const sent: string[] = [];
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sent.push(textarea.value);
  });
  const asked: DialogRequest[] = [];
  const recorded: Array<{ records: GuardRecord[]; reason?: string }> = [];
  controller = new AbortController();
  const policy = policyOf(types);
  const guard = installSendGuard({
    site: adapter,
    signal: controller.signal,
    policy: () => policy,
    ask: async (request) => {
      asked.push(request);
      return answer;
    },
    record: (records, reason) => recorded.push({ records, ...(reason ? { reason } : {}) }),
  });
  const send = () => document.querySelector<HTMLButtonElement>('#send')!.click();
  const settled = () => vi.waitFor(() => expect(guard.busy).toBe(false));
  return { form, textarea, sent, asked, recorded, send, settled };
}

describe('the send guard', () => {
  it('lets a clean reply through untouched', () => {
    const { textarea, sent, asked, send } = setup({});
    textarea.value = 'Your order ships tomorrow.';
    send();
    expect(sent).toEqual(['Your order ships tomorrow.']);
    expect(asked).toEqual([]);
  });

  it('stops a blocked reply and says which type, without the value, and offers no override when the policy forbids one', async () => {
    const { textarea, sent, asked, recorded, send, settled } = setup({
      CREDIT_CARD: { action: 'block', override: 'never' },
    });
    textarea.value = `Card ${CARD} on file.`;
    send();
    await settled();
    expect(sent).toEqual([]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ verdict: 'block', canSend: false, needsReason: true });
    expect(asked[0]!.findings[0]).toMatchObject({ type: 'CREDIT_CARD', action: 'block' });
    expect(JSON.stringify(asked[0])).not.toContain(CARD);
    expect(recorded[0]!.records.map((r) => r.action)).toEqual(['blocked']);
  });

  it('sends an overridable block after the agent gives a reason, recording the override', async () => {
    const { textarea, sent, recorded, send, settled } = setup(
      { CREDIT_CARD: { action: 'block', override: 'with-reason' } },
      { send: true, reason: 'customer asked twice' },
    );
    textarea.value = `Card ${CARD} on file.`;
    send();
    await settled();
    expect(sent).toEqual([`Card ${CARD} on file.`]);
    expect(recorded[0]).toMatchObject({ reason: 'customer asked twice' });
    expect(recorded[0]!.records.map((r) => r.action)).toEqual(['overridden']);
  });

  it('warns and does not send when the agent goes back to the reply', async () => {
    const { textarea, sent, asked, recorded, form, settled } = setup({ CREDIT_CARD: { action: 'warn' } });
    textarea.value = `Card ${CARD}`;
    form.requestSubmit();
    await settled();
    expect(asked[0]).toMatchObject({ verdict: 'warn', canSend: true, needsReason: false });
    expect(sent).toEqual([]);
    expect(recorded[0]!.records.map((r) => r.action)).toEqual(['warned']);
  });

  it('masks in the editor, then sends the masked reply once', async () => {
    const { textarea, sent, asked, recorded, send, settled } = setup({
      CREDIT_CARD: { action: 'mask', masking: 'first6last4' },
    });
    textarea.value = `We charged ${CARD} today.`;
    send();
    await settled();
    expect(asked).toEqual([]);
    expect(textarea.value).toBe('We charged 4111 11** **** 1111 today.');
    expect(sent).toEqual(['We charged 4111 11** **** 1111 today.']);
    expect(recorded[0]!.records.map((r) => r.action)).toEqual(['masked']);
  });

  it('catches Ctrl+Enter in the composer but not other keys', async () => {
    const { textarea, asked, settled } = setup({ CREDIT_CARD: { action: 'block' } });
    textarea.value = `Card ${CARD}`;
    const plain = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    textarea.dispatchEvent(plain);
    expect(plain.defaultPrevented).toBe(false);
    const send = new KeyboardEvent('keydown', {
      key: 'Enter',
      ctrlKey: true,
      bubbles: true,
      cancelable: true,
    });
    textarea.dispatchEvent(send);
    expect(send.defaultPrevented).toBe(true);
    await settled();
    expect(asked).toHaveLength(1);
  });

  it('checks the sends the page’s own script makes (click(), requestSubmit(), a made-up Ctrl+Enter) like the agent’s', async () => {
    const { form, textarea, sent, settled } = setup({ CREDIT_CARD: { action: 'mask', masking: 'last4' } });
    // The helpdesk sends on Ctrl+Enter too, as its own script.
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.ctrlKey) form.requestSubmit();
    });
    const made: Event[] = [];
    for (const type of ['click', 'keydown', 'submit'])
      window.addEventListener(type, (event) => made.push(event), {
        capture: true,
        signal: controller.signal,
      });
    const sends = [
      () => document.querySelector<HTMLButtonElement>('#send')!.click(),
      () => form.requestSubmit(),
      () =>
        textarea.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }),
        ),
    ];
    for (const send of sends) {
      textarea.value = `Card ${CARD} on file.`;
      send();
      await settled();
    }
    // Every one of them was made by a script (Deskmate's other listeners ignore such events; this one must not).
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((event) => !isAgentEvent(event))).toBe(true);
    expect(sent).toHaveLength(3);
    for (const text of sent) {
      expect(text).toContain('1111');
      expect(text).not.toContain(CARD);
    }
  });

  it('treats plain Enter as a send in a chat composer whose adapter says so, and Shift+Enter as a new line', async () => {
    const { textarea, asked, settled } = setup(
      { CREDIT_CARD: { action: 'block' } },
      { send: false },
      {
        ...site,
        sendsOnEnter: true,
      },
    );
    textarea.value = `Card ${CARD}`;
    const newLine = new KeyboardEvent('keydown', {
      key: 'Enter',
      shiftKey: true,
      bubbles: true,
      cancelable: true,
    });
    textarea.dispatchEvent(newLine);
    expect(newLine.defaultPrevented).toBe(false);
    const send = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    textarea.dispatchEvent(send);
    expect(send.defaultPrevented).toBe(true);
    await settled();
    expect(asked).toHaveLength(1);
  });
});

describe('the hold while the guard loads', () => {
  function page() {
    document.body.innerHTML = `<main><form id="form"><textarea id="reply"></textarea><button id="send" type="submit">Send</button></form></main>`;
    const form = document.querySelector<HTMLFormElement>('#form')!;
    const textarea = document.querySelector<HTMLTextAreaElement>('#reply')!;
    const sent: string[] = [];
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      sent.push(textarea.value);
    });
    controller = new AbortController();
    return { textarea, sent, button: document.querySelector<HTMLButtonElement>('#send')! };
  }

  it('keeps a send from the page until released, then does it once for the guard to check', () => {
    const { textarea, sent, button } = page();
    let held = 0;
    const hold = holdSends({ site, signal: controller.signal, onHeld: () => held++ });
    textarea.value = 'Hello there';
    button.click();
    button.click();
    expect(sent).toEqual([]);
    expect(held).toBe(2);
    hold.release();
    expect(sent).toEqual(['Hello there']);
    // Released: later sends are no longer the hold's.
    button.click();
    expect(sent).toEqual(['Hello there', 'Hello there']);
  });

  it('lets an empty reply and other clicks through, and replays nothing when nothing was held', () => {
    const { sent, button } = page();
    const hold = holdSends({ site, signal: controller.signal, onHeld: () => {} });
    button.click();
    expect(sent).toEqual(['']);
    hold.release();
    expect(sent).toEqual(['']);
  });
});
