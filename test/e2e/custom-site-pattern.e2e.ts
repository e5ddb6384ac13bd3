/**
 * A custom site (an in-house CRM) whose ticket id is in its URL, in Chromium with the built extension: the
 * `ticketPath` from settings runs on re2js, loaded on demand by the content script (the browser's RegExp
 * backtracks, and the page chooses its URL), and the ticket's subject reaches the worker's database masked.
 *
 * Like test/e2e/guard-editors.e2e.ts, the page is served from a test host name (no built-in adapter claims it),
 * and the private copy of the extension has that origin in its host permissions (what the agent's "yes" to the
 * permission prompt grants).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { demoPacks } from '../../src/background/demo-seed.ts';

const DEMO_PACKS = demoPacks('127.0.0.1:5178');

import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, ensureBuilt, sendFromPage, waitForDeskmate } from './support/env.ts';
import { deskmateElements, eventually } from './support/shadow.ts';

const HOST = 'crm.deskmate.test';
const CARD = '4111 1111 1111 1111';

let browser: LaunchedChromium;
let extensionCopy: string;
let pagesDir: string;
let extensionPage: Page;
let server: StaticServer;
let origin: string;

async function send(message: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return (await sendFromPage(extensionPage, message)) as { ok: boolean; value?: unknown; error?: string };
}

beforeAll(async () => {
  await ensureBuilt();
  pagesDir = await mkdtemp(join(tmpdir(), 'deskmate-crm-pages-'));
  await mkdir(join(pagesDir, 'cases'), { recursive: true });
  await writeFile(
    join(pagesDir, 'cases', '4242.html'),
    `<!doctype html><title>Case</title><div id="case"><h1>Refund to card ${CARD}</h1>
     <textarea id="reply"></textarea></div>`,
  );
  server = await serveStatic(pagesDir);
  origin = `http://${HOST}:${new URL(server.origin).port}`;

  extensionCopy = await mkdtemp(join(tmpdir(), 'deskmate-custom-pattern-e2e-'));
  await cp(CHROME_DIR, extensionCopy, { recursive: true });
  const manifestPath = join(extensionCopy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(`http://${HOST}/*`);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

  browser = await launchChromium({
    extensionDir: extensionCopy,
    args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  });
  extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
  await eventually(
    () => send({ channel: 'deskmate', type: 'clients.list', payload: {} }),
    (reply) => JSON.stringify(reply.value ?? []).includes('"northwind"'),
    'the demo clients to be installed',
  );
  const northwind = DEMO_PACKS.find((pack) => pack.client.id === 'northwind')!;
  const imported = await send({
    channel: 'deskmate',
    type: 'clientPack.import',
    payload: {
      pack: {
        ...northwind,
        client: { ...northwind.client, matches: [...northwind.client.matches, { host: `${HOST}:*` }] },
      },
    },
  });
  expect(imported.ok).toBe(true);
  const written = await send({
    channel: 'deskmate',
    type: 'settings.write',
    payload: {
      layer: 'agent',
      key: 'sites.custom',
      value: [
        {
          id: 'crm',
          name: 'In-house CRM',
          matches: [`http://${HOST}/*`],
          ticketPath: '/cases/(\\d+)',
          selectors: { ticketView: ['#case'], subject: ['#case h1'], composer: ['#reply'] },
        },
      ],
    },
  });
  expect(written).toEqual({ ok: true, value: { written: true } });
  await eventually(
    () =>
      extensionPage.evaluate(async () =>
        (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id),
      ),
    (ids) => ids.includes('custom-site-crm'),
    "the custom site's content script to be registered",
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
  if (pagesDir) await rm(pagesDir, { recursive: true, force: true });
});

describe('a custom site with a ticket pattern', () => {
  it('reads the ticket id from the URL with the on-demand pattern engine, and stores the subject masked', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/cases/4242.html`);
    await waitForDeskmate(page);
    const ticket = await eventually(
      () => deskmateElements(page, 'data-status-id', 'ticket'),
      (found) => found.length === 1,
      'the ticket in the status bar',
    );
    expect(ticket[0]!.text).toBe('#4242');

    const recent = await eventually(
      () => send({ channel: 'deskmate', type: 'tickets.recent', payload: { clientId: 'northwind' } }),
      (reply) => JSON.stringify(reply.value ?? []).includes('"4242"'),
      'the ticket among recent tickets',
    );
    const stored = (recent.value as Array<{ ticketId: string; subject?: string }>).find(
      (row) => row.ticketId === '4242',
    );
    expect(stored?.subject).toBe('Refund to card **** **** **** 1111');
    await page.close();
  });
});
