/**
 * What every e2e file needs: the built extension, the demo helpdesk served on 127.0.0.1, and Chromium with the
 * extension loaded. scripts/e2e.ts builds before running; a file run on its own builds if dist/ is missing.
 * CHROME_DIR and FIREFOX_DIR are the demo build (dist/<browser>-demo): the store build plus the demo helpdesk, on
 * the one port it was built for, where `startDemoServer()` serves it. STORE_*_DIR are the store build.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * The demo helpdesk and Chromium with the demo build loaded. `privateCopy` loads a copy of dist/chrome-demo
 * instead: Chromium reads content-script files from disk on every page load, and builds into dist/ may happen
 * while a long test file runs.
 */
export async function startDemoEnvironment(
  options: { privateCopy?: boolean } = {},
): Promise<DemoEnvironment> {
  await ensureBuilt();
  const dir = options.privateCopy ? await mkdtemp(join(tmpdir(), 'deskmate-e2e-extension-')) : undefined;
  if (dir) await cp(CHROME_DIR, dir, { recursive: true });
  const demo = await startDemoServer();
  const browser = await launchChromium({ extensionDir: dir ?? CHROME_DIR });
  return {
    browser,
    demo,
    extensionUrl: (path) => `chrome-extension://${browser.extensionId}/${path}`,
    async close() {
      await browser.close();
      await demo.close();
      if (dir) await rm(dir, { recursive: true, force: true });
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
