/**
 * The store build (dist/chrome, dist/firefox: what `npm run build` packs for the stores) knows nothing of the
 * bundled demo helpdesk: no match for 127.0.0.1 or localhost, no demo adapter, no demo clients or articles. Only
 * the demo build (dist/<browser>-demo, what `npm start` and the other e2e files load) runs on the demo helpdesk,
 * and only on the one port it was built for. Any other local service or dev server is left alone.
 */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { DEMO_DIST, demoBuildPort, startDemoServer } from '../../scripts/serve-demo.ts';
import { NORTHWIND_ARTICLES } from '../../src/background/demo-knowledge.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import {
  CHROME_DIR,
  ensureBuilt,
  STORE_CHROME_DIR,
  STORE_FIREFOX_DIR,
  sendFromPage,
  waitForDeskmate,
} from './support/env.ts';

interface Manifest {
  content_scripts: Array<{ matches: string[]; include_globs?: string[] }>;
  host_permissions: string[];
}

const LOCAL = /127\.0\.0\.1|localhost|\[::1\]/;
/** What only the demo seed and the demo adapter contain: the demo clients' names and ids, articles, hooks. */
const DEMO_MARKERS = [
  'Northwind Outfitters',
  'Contoso Travel',
  'demo.seededAt',
  'data-demo=',
  ...NORTHWIND_ARTICLES.map((article) => article.title),
];

async function manifestOf(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

async function textFiles(dir: string): Promise<Array<{ path: string; text: string }>> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile() && /\.(js|json|html|css)$/.test(entry.name));
  return Promise.all(
    files.map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: path.slice(dir.length + 1), text: await readFile(path, 'utf8') };
    }),
  );
}

beforeAll(async () => {
  await ensureBuilt();
});

describe.each([
  ['Chrome', STORE_CHROME_DIR],
  ['Firefox', STORE_FIREFOX_DIR],
])('the %s store build', (_browser, dir) => {
  it('matches no local host: neither its content script nor its host permissions', async () => {
    const manifest = await manifestOf(dir);
    const patterns = [
      ...manifest.content_scripts.flatMap((script) => [...script.matches, ...(script.include_globs ?? [])]),
      ...manifest.host_permissions,
    ];
    expect(patterns.length).toBeGreaterThan(10);
    expect(patterns.filter((pattern) => LOCAL.test(pattern))).toEqual([]);
  });

  it('carries no demo adapter, demo clients or demo articles in any of its files', async () => {
    const files = await textFiles(dir);
    expect(files.some((file) => file.path === 'content/deskmate.js')).toBe(true);
    const found = files.flatMap((file) =>
      DEMO_MARKERS.filter((marker) => file.text.includes(marker)).map((marker) => `${file.path}: ${marker}`),
    );
    expect(found).toEqual([]);
  });
});

describe('in Chromium, a local page that is not the demo helpdesk on its own port', () => {
  let browser: LaunchedChromium;
  let extensionCopy: string;
  let local: StaticServer;
  let demo: StaticServer | undefined;

  afterAll(async () => {
    await browser?.close();
    await local?.close();
    await demo?.close();
    if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
  });

  /** Loads `dir` (a private copy: others rebuild dist/ while tests run) in a fresh Chromium. */
  async function launch(dir: string): Promise<void> {
    extensionCopy = await mkdtemp(join(tmpdir(), 'deskmate-store-e2e-'));
    await cp(dir, extensionCopy, { recursive: true });
    browser = await launchChromium({ extensionDir: extensionCopy });
  }

  /** Whether Deskmate's content script ran on the page: its root element, or its isolated world. */
  async function deskmateRan(page: Page): Promise<boolean> {
    await page.waitForLoadState('load');
    // Content scripts run at document_idle, at the latest just after `load`: give the browser its idle time.
    await page.evaluate(
      () => new Promise((done) => requestIdleCallback(() => setTimeout(done, 500), { timeout: 2_000 })),
    );
    const cdp = await page.context().newCDPSession(page);
    const worlds: string[] = [];
    cdp.on('Runtime.executionContextCreated', (event: { context: { origin: string; name: string } }) =>
      worlds.push(event.context.origin),
    );
    // Enabling the runtime reports every context that exists, content scripts' isolated worlds included.
    await cdp.send('Runtime.enable');
    await cdp.detach();
    const root = await page.evaluate(() => document.getElementById('deskmate-root') !== null);
    return root || worlds.some((origin) => origin.startsWith('chrome-extension://'));
  }

  async function clients(): Promise<unknown> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
    const reply = (await sendFromPage(page, { channel: 'deskmate', type: 'clients.list', payload: {} })) as {
      ok: boolean;
      value: unknown;
    };
    const stored = await page.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
    await page.close();
    expect(reply.ok).toBe(true);
    return { clients: reply.value, storageHasDemo: /northwind|contoso/i.test(stored) };
  }

  it('the store build: no content script on the demo helpdesk page served from a local port, no client seeded', async () => {
    await launch(STORE_CHROME_DIR);
    // The very page of the demo helpdesk, as any local dev server would serve it.
    local = await serveStatic(DEMO_DIST, { port: 0, spaFallback: 'index.html' });
    const page = await browser.context.newPage();
    await page.goto(`${local.origin}/agent/tickets/1042`);
    expect(await deskmateRan(page)).toBe(false);
    expect(await clients()).toEqual({ clients: [], storageHasDemo: false });
    await browser.close();
    await local.close();
    await rm(extensionCopy, { recursive: true, force: true });
  });

  it('the demo build: runs on the demo helpdesk on its own port, and on no other port of 127.0.0.1', async () => {
    await launch(CHROME_DIR);
    const port = demoBuildPort(extensionCopy);
    expect(port).toBeGreaterThan(0);
    demo = await startDemoServer(port);
    local = await serveStatic(DEMO_DIST, { port: 0, spaFallback: 'index.html' });
    expect(new URL(local.origin).port).not.toBe(String(port));

    const elsewhere = await browser.context.newPage();
    await elsewhere.goto(`${local.origin}/agent/tickets/1042`);
    expect(await deskmateRan(elsewhere)).toBe(false);

    const own = await browser.context.newPage();
    await own.goto(`${demo.origin}/agent/tickets/1042`);
    await waitForDeskmate(own);
    expect(await deskmateRan(own)).toBe(true);
    const seeded = (await clients()) as { clients: Array<{ id: string }> };
    expect(seeded.clients.map((client) => client.id).sort()).toEqual(['contoso', 'northwind']);
  });
});
