/**
 * Firefox ESR: Deskmate starts on a custom site. The worker registers the content script for a custom site with
 * `scripting.registerContentScripts`, naming the file the manifest names; Firefox's `runtime.getManifest()` gives
 * that as a full `moz-extension://…` URL, which its registerContentScripts refuses ("must be a relative URL"), so
 * Deskmate never started on a custom site in Firefox. Here a full custom site (test/fixtures/custom-sites.ts) on a
 * local static page — another host than the demo's, on its own port — gets its script registered, Deskmate starts
 * there, and reads the ticket id from the query string (`Display.html?id=4711`). The site names its port, which
 * Firefox's match patterns cannot: it is registered for the host's every port, and Deskmate stays off on the others.
 *
 * Firefox needs host access to the site: the private copy of the add-on lists it in its host permissions, which a
 * temporary add-on is granted at install (what the agent's "yes" to the permission prompt grants). The options
 * page is reached as an agent does, from the palette (BiDi may not navigate a tab to a moz-extension: URL), and
 * driven with plain calls in it (its CSP refuses puppeteer's helpers).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { demoPacks } from '../../src/background/demo-seed.ts';
import { customSitePage, fullCustomSite } from '../fixtures/custom-sites.ts';
import { ensureBuilt, FIREFOX_DIR } from './support/env.ts';
import { launchFirefox } from './support/firefox.ts';
import { openOptions, pause, sendFromOptions, until } from './support/firefox-options.ts';

const EXTENSION_ORIGIN = 'moz-extension://7a2e4c1b-5d3f-4e8a-9b6c-1f0e2d3c4b5a';
/** Not the demo's host (127.0.0.1): no built-in adapter claims it, and the demo's host permission does not cover it. */
const HOST = 'localhost';
/** The site names its port: Firefox's match patterns take none, so it is registered for the host's every port. */
let SITE: ReturnType<typeof fullCustomSite>;
const CARD = '4111 1111 1111 1111';

let browser: Browser;
let demo: StaticServer;
let server: StaticServer;
let otherPort: StaticServer;
let pagesDir: string;
let extensionCopy: string;
let options: Page;
let siteOrigin: string;

const send = (type: string, payload: unknown) => sendFromOptions(options, type, payload);

beforeAll(async () => {
  await ensureBuilt();
  pagesDir = await mkdtemp(join(tmpdir(), 'sites-firefox-pages-'));
  await mkdir(join(pagesDir, 'Ticket'), { recursive: true });
  await writeFile(join(pagesDir, 'Ticket', 'Display.html'), customSitePage(`Refund to card ${CARD}`));
  server = await serveStatic(pagesDir);
  otherPort = await serveStatic(pagesDir);
  siteOrigin = `http://${HOST}:${new URL(server.origin).port}`;
  SITE = fullCustomSite(`${HOST}:${new URL(server.origin).port}`);
  demo = await startDemoServer();

  extensionCopy = await mkdtemp(join(tmpdir(), 'sites-firefox-extension-'));
  await cp(FIREFOX_DIR, extensionCopy, { recursive: true });
  const manifestPath = join(extensionCopy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(`http://${HOST}/*`);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

  ({ browser } = await launchFirefox(extensionCopy, { uuid: EXTENSION_ORIGIN.slice(16) }));
  options = await openOptions(browser, demo.origin, EXTENSION_ORIGIN);
  // The site's tickets belong to a client (the demo's Northwind, whose pack gets the site's host).
  const northwind = demoPacks('127.0.0.1:5178').find((pack) => pack.client.id === 'northwind')!;
  const imported = await send('clientPack.import', {
    pack: {
      ...northwind,
      client: { ...northwind.client, matches: [...northwind.client.matches, { host: `${HOST}:*` }] },
    },
  });
  expect(imported).toMatchObject({ ok: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await server?.close();
  await otherPort?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
  if (pagesDir) await rm(pagesDir, { recursive: true, force: true });
});

describe('a custom site in Firefox ESR', () => {
  it('has its content script registered by a path relative to the add-on', async () => {
    const written = await send('settings.write', { layer: 'agent', key: 'sites.custom', value: [SITE] });
    expect(written).toEqual({ ok: true, value: { written: true } });
    const scripts = await until(
      () =>
        options.evaluate(async () => {
          const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
          return (await ext.scripting.getRegisteredContentScripts()).map((s) => ({
            id: s.id,
            js: s.js,
            matches: s.matches,
          }));
        }),
      (found) => found.some((script) => script.id === `custom-site-${SITE.id}`),
      "the custom site's content script to be registered",
    );
    const script = scripts.find((s) => s.id === `custom-site-${SITE.id}`)!;
    // Every port of the host: a pattern with a port matches nothing in Firefox.
    expect(script.matches).toEqual([`http://${HOST}/*`]);
    expect(script.js?.map((file) => file.replace(/^moz-extension:\/\/[^/]+\//, ''))).toEqual([
      'content/deskmate.js',
    ]);
  });

  it('starts Deskmate there and reads the ticket id from the query string', async () => {
    const page = await browser.newPage();
    await page.goto(`${siteOrigin}/Ticket/Display.html?id=4711`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
    const recent = await until(
      () => send('tickets.recent', { clientId: 'northwind' }),
      (reply) => JSON.stringify(reply.value ?? []).includes('"4711"'),
      'the ticket among recent tickets',
    );
    const stored = (recent.value as Array<{ ticketId: string; site: string; subject?: string }>).find(
      (row) => row.ticketId === '4711',
    );
    expect(stored).toMatchObject({
      site: `custom:${SITE.id}`,
      subject: 'Refund to card **** **** **** 1111',
    });
    await page.close();
  });

  it('stays off on another port of the host, which the site does not name', async () => {
    const page = await browser.newPage();
    await page.goto(`http://${HOST}:${new URL(otherPort.origin).port}/Ticket/Display.html?id=5`);
    await page.waitForSelector('#ticket-view');
    await pause(3_000);
    expect(await page.$$eval('#deskmate-root', (hosts) => hosts.length)).toBe(0);
    await page.close();
  });
});
