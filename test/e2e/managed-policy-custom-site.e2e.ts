/**
 * IT deploys a custom site through a REAL Chromium policy file (/etc/chromium/policies/managed/): a self-hosted
 * Request Tracker-like helpdesk defined with every field (ticketUrl, ticketIdAttribute, messageRole, required,
 * requiredOn…, test/fixtures/custom-sites.ts). Chromium keeps of a managed value only what
 * public/managed_schema.json declares — the bare `{"type": "object"}` it used to declare for a custom site
 * reached Deskmate as `[{}]` — so this proves the schema declares every field: `storage.managed` hands the
 * definition over whole, Deskmate's settings hold it whole, and Deskmate runs on the site, reading the ticket id
 * from the query string (`Display.html?id=4711`), as on Request Tracker.
 *
 * Writing there needs root (CI and the dev machines run as root); elsewhere the test is skipped with the reason.
 * The value is not locked, so an agent-layer write by another test running on the machine meanwhile still wins
 * over it; the file is removed when the test ends.
 */

import { rmSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { demoPacks } from '../../src/background/demo-seed.ts';
import { customSitePage, fullCustomSite } from '../fixtures/custom-sites.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, EXTENSION_ID, ensureBuilt, sendFromPage, waitForDeskmate } from './support/env.ts';
import { canWritePolicies, POLICY_DIR } from './support/policy-dir.ts';
import { deskmateElements, eventually } from './support/shadow.ts';

const POLICY_FILE = `${POLICY_DIR}/deskmate-e2e-custom-site.json`;
const HOST = 'rt.deskmate.test';
const SITE = fullCustomSite(HOST);
const CARD = '4111 1111 1111 1111';

const writable = canWritePolicies();
const title = writable
  ? 'a custom site deployed by a managed policy'
  : `a custom site deployed by a managed policy (skipped: cannot write ${POLICY_DIR}; run as root)`;

describe.skipIf(!writable)(title, () => {
  let browser: LaunchedChromium;
  let server: StaticServer;
  let pagesDir: string;
  let extensionCopy: string;
  let options: Page;
  let origin: string;

  const send = async (type: string, payload: unknown) =>
    (await sendFromPage(options, { channel: 'deskmate', type, payload })) as {
      ok: boolean;
      value?: unknown;
      error?: string;
    };

  beforeAll(async () => {
    await ensureBuilt();
    writeFileSync(
      POLICY_FILE,
      JSON.stringify({
        '3rdparty': { extensions: { [EXTENSION_ID]: { settings: { 'sites.custom': [SITE] } } } },
      }),
    );
    pagesDir = await mkdtemp(join(tmpdir(), 'sites-managed-pages-'));
    await mkdir(join(pagesDir, 'Ticket'), { recursive: true });
    await writeFile(join(pagesDir, 'Ticket', 'Display.html'), customSitePage(`Refund to card ${CARD}`));
    server = await serveStatic(pagesDir);
    origin = `http://${HOST}:${new URL(server.origin).port}`;

    // The same extension (its key fixes its id, which the policy names), with access to the site: what the
    // agent's "yes" to the permission prompt grants.
    extensionCopy = await mkdtemp(join(tmpdir(), 'sites-managed-extension-'));
    await cp(CHROME_DIR, extensionCopy, { recursive: true });
    const manifestPath = join(extensionCopy, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
    manifest.host_permissions.push(`http://${HOST}/*`);
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

    browser = await launchChromium({
      extensionDir: extensionCopy,
      args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    });
    expect(browser.extensionId).toBe(EXTENSION_ID);
    options = await browser.context.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
    // The helpdesk belongs to a client (the demo's Northwind, whose pack gets the site's host).
    await eventually(
      () => send('clients.list', {}),
      (reply) => JSON.stringify(reply.value ?? []).includes('"northwind"'),
      'the demo clients to be installed',
    );
    const northwind = demoPacks('127.0.0.1:5178').find((pack) => pack.client.id === 'northwind')!;
    const imported = await send('clientPack.import', {
      pack: {
        ...northwind,
        client: { ...northwind.client, matches: [...northwind.client.matches, { host: `${HOST}:*` }] },
      },
    });
    expect(imported.ok).toBe(true);
  }, 180_000);

  afterAll(async () => {
    // Never leave a policy behind on the machine.
    rmSync(POLICY_FILE, { force: true });
    await browser?.close();
    await server?.close();
    if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
    if (pagesDir) await rm(pagesDir, { recursive: true, force: true });
  });

  it('reaches storage.managed whole: Chromium kept every field the managed schema declares', async () => {
    // storage.managed can take a few seconds to be readable after the browser starts.
    const managed = await eventually(
      () =>
        options.evaluate(() => chrome.storage.managed.get()) as Promise<{
          settings?: { 'sites.custom'?: unknown };
        }>,
      (value) => value.settings?.['sites.custom'] !== undefined,
      'the managed policy in storage.managed',
    );
    expect(managed.settings?.['sites.custom']).toEqual([SITE]);
  });

  it('is in Deskmate’s settings whole, from IT, with no warning', async () => {
    const described = await eventually(
      () => send('settings.describe', {}),
      (reply) =>
        JSON.stringify(
          (reply.value as { settings: Array<{ key: string; value: unknown }> }).settings.find(
            (s) => s.key === 'sites.custom',
          )?.value,
        ) !== '[]',
      'the managed custom site in the settings',
    );
    const value = described.value as {
      settings: Array<{ key: string; value: unknown; origin: { source: string } }>;
      warnings: string[];
      managedErrors: string[];
    };
    const setting = value.settings.find((s) => s.key === 'sites.custom')!;
    expect(setting.value).toEqual([SITE]);
    expect(setting.origin.source).toBe('managed');
    expect(value.warnings).toEqual([]);
    expect(value.managedErrors).toEqual([]);
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html#sites`);
    const row = options.locator(`[data-custom-site="${SITE.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Acme RT');
    expect(await row.locator('[data-access]').getAttribute('data-access')).toBe('granted');
  });

  it('runs on the site and reads the ticket id from the query string', async () => {
    await eventually(
      () =>
        options.evaluate(async () =>
          (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id),
        ),
      (ids) => ids.includes(`custom-site-${SITE.id}`),
      "the managed site's content script to be registered",
    );
    const page = await browser.context.newPage();
    await page.goto(`${origin}/Ticket/Display.html?id=4711`);
    await waitForDeskmate(page);
    const ticket = await eventually(
      () => deskmateElements(page, 'data-status-id', 'ticket'),
      (found) => found.length === 1,
      'the ticket in the status bar',
    );
    expect(ticket[0]!.text).toBe('#4711');
    // What the managed definition reads reaches the worker: the ticket, its subject masked.
    const recent = await eventually(
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
});
