/**
 * The audit's salt, in Chromium: code running as Deskmate's content script on a helpdesk page (what a hostile page
 * that compromised it, or a bug in it, could reach) cannot read it. Without the salt, the audit's hashes of values
 * with few possibilities (CVV, expiry, date of birth, SSN) cannot be tried one by one.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEnvironment, startDemoEnvironment, waitForDeskmate } from './support/env.ts';

let env: DemoEnvironment;

beforeAll(async () => {
  env = await startDemoEnvironment();
});
afterAll(async () => {
  await env?.close();
});

/** Evaluates an expression in Deskmate's content script world (the isolated world Chromium gives extensions). */
async function inContentScript(
  page: Page,
  extensionId: string,
): Promise<(expression: string) => Promise<unknown>> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const contexts: Array<{ id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } }> =
    [];
  session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await session.send('Runtime.enable');
  const ours = () =>
    contexts.find(
      (context) =>
        context.auxData?.type === 'isolated' && context.origin === `chrome-extension://${extensionId}`,
    ) ??
    contexts.find(
      (context) =>
        context.auxData?.type === 'isolated' && !context.auxData.isDefault && context.origin === '',
    );
  await expect.poll(() => ours()?.id, { timeout: 10_000 }).toBeDefined();
  const contextId = ours()!.id;
  return async (expression) => {
    const result = (await session.send('Runtime.evaluate', {
      expression,
      contextId,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
    if (result.exceptionDetails) throw new Error(`content script world: ${result.exceptionDetails.text}`);
    return result.result.value;
  };
}

describe('the audit salt', () => {
  it('is not readable from a content script, and the audit still hashes with it', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.demo.origin}/agent/tickets/1042`);
    await waitForDeskmate(page);
    const evaluate = await inContentScript(page, env.browser.extensionId!);

    // The content script is really ours: it can reach the worker (an audit entry makes the worker use the salt).
    const recorded = (await evaluate(`chrome.runtime.sendMessage({
      channel: 'deskmate',
      type: 'guard.audit',
      payload: {
        site: 'demo',
        ticketId: '1042',
        entries: [{ action: 'flagged', type: 'CARD_CVV', score: 0.9, detector: 'cvv', length: 3, value: '123' }],
      },
    })`)) as { ok: boolean };
    expect(recorded).toEqual({ ok: true, value: { recorded: 1 } });

    // Everything the content script can read of Deskmate's storage.
    const readable = JSON.stringify(
      await evaluate(`(async () => ({
        local: await chrome.storage.local.get(null),
        sync: await chrome.storage.sync.get(null).catch((e) => String(e)),
        session: await chrome.storage.session.get(null).catch((e) => String(e)),
      }))()`),
    );
    expect(readable).toContain('"local"');

    // The salt, as the extension's own page sees it (IndexedDB of the extension origin).
    const options = await env.browser.context.newPage();
    await options.goto(env.extensionUrl('src/options/index.html'));
    const salt = await options.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('deskmate');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const row = await new Promise<{ value?: string } | undefined>((resolve, reject) => {
        const request = db.transaction('meta').objectStore('meta').get('guard.auditSalt');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return row?.value ?? (await chrome.storage.local.get('guard.auditSalt'))['guard.auditSalt'];
    });
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect(readable).not.toContain('guard.auditSalt');
    expect(readable).not.toContain(salt);
    await options.close();
    await page.close();
  });
});
