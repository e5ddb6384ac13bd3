/**
 * Launches Debian's Chromium with an unpacked extension loaded, the way every e2e test does it.
 * Both --disable-extensions-except and --load-extension are needed, or the extension silently does not load.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export function chromiumPath(): string {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    // Branded Chrome 137+ ignores --load-extension; Chromium, Chrome for Testing and Edge honour it.
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ].filter(Boolean);
  const found = candidates.find((path) => existsSync(path!));
  if (!found) {
    throw new Error(
      'Chromium not found. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROME_PATH to a Chromium or Chrome binary.',
    );
  }
  return found!;
}

/** Flags that keep Chromium quiet on a machine without network access (and fast to start). */
export const QUIET_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-gpu',
  '--disable-dev-shm-usage',
];

export interface LaunchedChromium {
  context: BrowserContext;
  /** The extension's id, read from its service worker (undefined when no extension was loaded). */
  extensionId: string | undefined;
  /** The temporary profile (Chromium writes DevToolsActivePort there when given --remote-debugging-port). */
  userDataDir: string;
  close(): Promise<void>;
}

export async function launchChromium(
  options: { extensionDir?: string; headless?: boolean; args?: string[] } = {},
): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'deskmate-chromium-'));
  const args = [...QUIET_FLAGS, ...(options.args ?? [])];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (options.extensionDir) {
    const dir = resolve(options.extensionDir);
    args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    args,
    // Playwright's own default disables extensions; keep ours.
    ignoreDefaultArgs: ['--disable-extensions', '--disable-component-extensions-with-background-pages'],
  });
  let extensionId: string | undefined;
  if (options.extensionDir) {
    const worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    extensionId = new URL(worker.url()).host;
  }
  return {
    context,
    extensionId,
    userDataDir,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}
