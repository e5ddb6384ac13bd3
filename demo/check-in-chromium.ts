/**
 * Drives the built demo helpdesk in headless Chromium (no extension) the way an agent would, checks the markup
 * contract the extension's site adapter relies on, and saves screenshots to /tmp/demo-*.png for a design review.
 *
 *   npx tsx demo/check-in-chromium.ts [--no-build]
 *
 * Not part of the test suite (yet): it needs Chromium and takes a few seconds.
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildDemo, startDemoServer } from '../scripts/serve-demo.ts';
import { launchChromium } from '../test/e2e/support/chromium.ts';

const VIEWPORT = { width: 1280, height: 800 };

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

const checks: Check[] = [];
function check(name: string, ok: boolean, detail?: string): void {
  checks.push({ name, ok, detail });
  console.info(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

const text = (page: Page, selector: string) => page.locator(selector).first().textContent();

async function run(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.waitForSelector('[data-demo="ticket-view"]');
  check('/ opens the first ticket under its own URL', new URL(page.url()).pathname === '/agent/tickets/1042');
  check('agent name in the top bar', (await text(page, '[data-demo="agent-name"]')) === 'Sam Rivera');
  check(
    'ticket list holds the seed tickets',
    (await page.locator('[data-demo="ticket-list"] a[data-demo="ticket-link"][data-ticket-id]').count()) >= 8,
  );
  await page.screenshot({ path: '/tmp/demo-home.png' });

  // A marker on window survives SPA navigation and vanishes on a reload.
  await page.evaluate(() => Object.assign(window, { __noReload: true }));

  await page.click('a[data-demo="ticket-link"][data-ticket-id="1046"]');
  await page.waitForSelector('[data-demo="ticket-view"][data-ticket-id="1046"]');
  check(
    'clicking a ticket pushes /agent/tickets/1046',
    new URL(page.url()).pathname === '/agent/tickets/1046',
  );
  check('no page load on ticket switch', await page.evaluate(() => '__noReload' in window));
  check('status shown', (await text(page, '[data-demo="ticket-status"]')) === 'New');
  check('priority shown', (await text(page, '[data-demo="ticket-priority"]')) === 'Urgent');
  check(
    'created time is machine-readable',
    !Number.isNaN(
      Date.parse((await page.getAttribute('time[data-demo="ticket-created"]', 'datetime')) ?? ''),
    ),
  );
  check('composer starts empty', (await page.evaluate(() => window.demoEditor?.getText())) === '');

  const editable = page.locator('[data-demo="composer"] .ProseMirror[contenteditable]');
  await editable.click();
  await page.keyboard.type('Hi Robert, please never send card details here. ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('We have removed them.');
  await page.keyboard.press('Control+b');
  await page.keyboard.press('Enter');
  await page.keyboard.type('You can pay safely at checkout.');
  check(
    'toolbar reflects formatting',
    (await page.locator('button[aria-label="Bold"][aria-pressed="false"]').count()) === 1,
  );
  await page.screenshot({ path: '/tmp/demo-composing.png' });
  const html = await page.evaluate(() => window.demoEditor?.getHTML() ?? '');
  check('editor HTML keeps bold', html.includes('<strong>We have removed them.</strong>'), html);

  const before = await page.locator('article[data-demo="message"]').count();
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    (count) => document.querySelectorAll('article[data-demo="message"]').length > count,
    before,
  );
  const last = page.locator('article[data-demo="message"]').last();
  check('Ctrl+Enter sends as an agent', (await last.getAttribute('data-author-role')) === 'agent');
  check(
    'reply is signed Sam Rivera',
    (await last.locator('[data-demo="message-author"]').textContent()) === 'Sam Rivera',
  );
  check('reply keeps its HTML', (await last.locator('[data-demo="message-body"] strong').count()) === 1);
  check('composer cleared after send', (await page.evaluate(() => window.demoEditor?.getText())) === '');
  check('New ticket became Open', (await text(page, '[data-demo="ticket-status"]')) === 'Open');

  await editable.click();
  await page.keyboard.type('One more thing: your order will ship today.');
  await page.click('button[data-demo="send"]');
  check(
    'the Send button sends too',
    (await page.locator('article[data-demo="message"]').count()) === before + 2,
    `${await page.locator('article[data-demo="message"]').count()} messages`,
  );
  await page.screenshot({ path: '/tmp/demo-sent.png' });

  await page.click('a[data-demo="ticket-link"][data-ticket-id="1048"]');
  await page.waitForSelector('[data-demo="ticket-view"][data-ticket-id="1048"]');
  check(
    'a ticket without priority has no priority element',
    (await page.locator('[data-demo="ticket-priority"]').count()) === 0,
  );

  await page.goBack();
  await page.waitForSelector('[data-demo="ticket-view"][data-ticket-id="1046"]');
  check('back returns to the previous ticket', new URL(page.url()).pathname === '/agent/tickets/1046');
  check(
    'replies survive navigation',
    (await page.locator('article[data-demo="message"]').count()) === before + 2,
  );
  await page.goForward();
  await page.waitForSelector('[data-demo="ticket-view"][data-ticket-id="1048"]');
  check('forward works', new URL(page.url()).pathname === '/agent/tickets/1048');
  check('still no page load after back/forward', await page.evaluate(() => '__noReload' in window));

  await page.goto(`${origin}/agent/tickets/1049`);
  await page.waitForSelector('[data-demo="ticket-view"][data-ticket-id="1049"]');
  check(
    'deep link loads the Spanish ticket',
    (await text(page, '[data-demo="requester-name"]')) === 'Lucía Fernández',
  );
  await page.screenshot({ path: '/tmp/demo-spanish.png' });

  await page.fill('input[type="search"]', 'refund');
  await page.click('a[data-demo="ticket-link"][data-ticket-id="1043"]');
  await page.waitForSelector('[data-demo="ticket-view"][data-ticket-id="1043"]');
  check('search narrows the queue', (await page.locator('a[data-demo="ticket-link"]').count()) < 9);
  await page.screenshot({ path: '/tmp/demo-search.png' });

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: '/tmp/demo-narrow.png' });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
  if (!values['no-build']) await buildDemo();
  const server = await startDemoServer(0);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize(VIEWPORT);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await run(page, server.origin);
    check('no errors in the page', errors.length === 0, errors.join(' | '));
  } finally {
    await browser.close();
    await server.close();
  }
  const failed = checks.filter((entry) => !entry.ok);
  console.info(
    `${checks.length - failed.length}/${checks.length} checks passed; screenshots in /tmp/demo-*.png`,
  );
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
