/**
 * Launches Firefox ESR with puppeteer-core over WebDriver BiDi (no geckodriver exists here) and installs the
 * built extension as a temporary add-on.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { FIREFOX_ID } from '../../../vite.config.ts';

export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean);
  const found = candidates.find((path) => existsSync(path!));
  if (!found) {
    throw new Error(
      'Firefox not found. Install it with `sudo apt-get install -y firefox-esr` (Debian/Ubuntu), or set FIREFOX_PATH to a Firefox binary.',
    );
  }
  return found!;
}

/**
 * `uuid` pins the add-on's moz-extension:// host (Firefox picks a random one per install and keeps it in the pref
 * `extensions.webextensions.uuids`), for a test that must know it, as a site that learned it would; `prefs` adds
 * more preferences (a proxy…).
 */
export async function launchFirefox(
  extensionDir: string,
  options: { uuid?: string; prefs?: Record<string, string | number | boolean> } = {},
): Promise<{ browser: Browser; addonId: string }> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
      // Quiet on a machine without network access.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.update.enabled': false,
      ...(options.uuid
        ? { 'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: options.uuid }) }
        : {}),
      ...options.prefs,
    },
  });
  const addonId = await browser.installExtension(extensionDir);
  return { browser, addonId };
}
