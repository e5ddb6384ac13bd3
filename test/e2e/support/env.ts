/**
 * What every e2e file needs: the built extension, the demo helpdesk served on 127.0.0.1, and Chromium with the
 * extension loaded. scripts/e2e.ts builds before running; a file run on its own builds if dist/ is missing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildExtension } from '../../../scripts/build.ts';
import type { StaticServer } from '../../../scripts/lib/static-server.ts';
import { buildDemo, startDemoServer } from '../../../scripts/serve-demo.ts';
import { type LaunchedChromium, launchChromium } from './chromium.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROME_DIR = `${ROOT}dist/chrome`;
export const FIREFOX_DIR = `${ROOT}dist/firefox`;
/** Fixed by the manifest's `key` (see docs/DEPLOYMENT.md). */
export const EXTENSION_ID = 'eiemjenkeghlgkcpcejboldbfnfcnkkm';

export async function ensureBuilt(): Promise<void> {
  if (!existsSync(`${CHROME_DIR}/manifest.json`)) await buildExtension('chrome');
  if (!existsSync(`${FIREFOX_DIR}/manifest.json`)) await buildExtension('firefox');
  if (!existsSync(`${ROOT}dist/demo/index.html`)) await buildDemo();
}

export interface DemoEnvironment {
  browser: LaunchedChromium;
  demo: StaticServer;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

export async function startDemoEnvironment(): Promise<DemoEnvironment> {
  await ensureBuilt();
  const demo = await startDemoServer();
  const browser = await launchChromium({ extensionDir: CHROME_DIR });
  return {
    browser,
    demo,
    extensionUrl: (path) => `chrome-extension://${browser.extensionId}/${path}`,
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}

/** Waits until Deskmate's content script has started on the page. */
export async function waitForDeskmate(page: Page): Promise<void> {
  await page.waitForSelector('#deskmate-root[data-state="ready"]', { state: 'attached', timeout: 15_000 });
}

/** Sends a raw message to the worker from an extension page, as our pages do. */
export async function sendFromPage(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message);
}
