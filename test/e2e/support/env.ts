/**
 * What every e2e file needs: the built extension, the demo helpdesk served on 127.0.0.1, and Chromium with the
 * extension loaded. scripts/e2e.ts builds before running; a file run on its own builds if dist/ is missing.
 * CHROME_DIR and FIREFOX_DIR are the demo build (dist/<browser>-demo): the store build plus the demo helpdesk, on
 * the one port it was built for, where `startDemoServer()` serves it. STORE_*_DIR are the store build.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildDemoExtensions, buildExtension } from '../../../scripts/build.ts';
import type { StaticServer } from '../../../scripts/lib/static-server.ts';
import { buildDemo, demoBuildPort, startDemoServer } from '../../../scripts/serve-demo.ts';
import { type LaunchedChromium, launchChromium } from './chromium.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROME_DIR = `${ROOT}dist/chrome-demo`;
export const FIREFOX_DIR = `${ROOT}dist/firefox-demo`;
export const STORE_CHROME_DIR = `${ROOT}dist/chrome`;
export const STORE_FIREFOX_DIR = `${ROOT}dist/firefox`;
/** Fixed by the manifest's `key` (see docs/DEPLOYMENT.md). */
export const EXTENSION_ID = 'eiemjenkeghlgkcpcejboldbfnfcnkkm';

export async function ensureBuilt(): Promise<void> {
  if (!existsSync(`${STORE_CHROME_DIR}/manifest.json`)) await buildExtension('chrome');
  if (!existsSync(`${STORE_FIREFOX_DIR}/manifest.json`)) await buildExtension('firefox');
  const port = demoBuildPort(CHROME_DIR);
  // Both demo builds are for one port: rebuild them together when either is missing.
  if (port === undefined || demoBuildPort(FIREFOX_DIR) !== port) await buildDemoExtensions(port);
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
