/**
 * `npm start`: builds the demo helpdesk, serves it on 127.0.0.1, builds Deskmate's demo build for that port
 * (dist/chrome-demo: the store build plus the demo helpdesk's adapter and clients) and opens Chromium
 * (CHROME_PATH, else /usr/bin/chromium, else an installed Chrome or Edge) with a fresh profile and the extension
 * loaded. Where there is no display it runs headless instead: it opens a ticket, shows the command palette,
 * writes a screenshot and a short summary of what Deskmate shows, and exits.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/e2e/support/chromium.ts';
import { deskmateElements, deskmateText, eventually } from '../test/e2e/support/shadow.ts';
import { buildExtension } from './build.ts';
import { buildDemo, DEFAULT_DEMO_PORT, startDemoServer } from './serve-demo.ts';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean' },
    screenshot: { type: 'string', default: 'dist/deskmate-demo.png' },
    port: { type: 'string' },
  },
});
const headless =
  values.headless ?? (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

console.info('Building the demo helpdesk and Deskmate…');
await buildDemo();
const port = values.port ? Number(values.port) : DEFAULT_DEMO_PORT;
const demo = await startDemoServer(port).catch(() => startDemoServer(0)); // the usual port may be taken
// The demo build runs on the demo helpdesk's port only: build it for the port the server got.
const extensionDir = await buildExtension('chrome', { port: Number(new URL(demo.origin).port) });
const ticketUrl = `${demo.origin}/agent/tickets/1046`;
console.info(`Demo helpdesk: ${demo.origin}/`);

const browser = await launchChromium({ extensionDir, headless });
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.setViewportSize({ width: 1280, height: 800 }).catch(() => {});
await page.goto(ticketUrl);

const shutdown = async () => {
  await browser.close();
  await demo.close();
};

if (!headless) {
  console.info(
    'Chromium is open with Deskmate loaded. Press F1 on the helpdesk page for the command palette.',
  );
  console.info('Close the browser or press Ctrl+C to stop.');
  browser.context.on('close', () => void demo.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void shutdown().then(() => process.exit(0)));
} else {
  try {
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { state: 'attached', timeout: 30_000 });
    const statusBar = await eventually(
      () => deskmateText(page, 'deskmate-statusbar'),
      (t) => t.includes('#1046'),
      'the status bar',
    );
    const items = (await deskmateElements(page, 'data-status-id')).map(
      (item) => `${item.attributes['data-status-id']}: ${item.text}`,
    );
    await page.click('[data-demo="composer"] .ProseMirror');
    await page.keyboard.press('F1');
    const palette = await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (t) => t.length > 0,
      'the palette',
    );
    await page.screenshot({ path: values.screenshot });
    const commands = (await deskmateElements(page, 'role', 'option')).map((option) => option.text);
    const summary = [
      `Deskmate ${browser.extensionId} on the demo helpdesk (${ticketUrl})`,
      `Status bar: ${statusBar}`,
      ...items.map((item) => `  - ${item}`),
      `Command palette (F1): ${commands.length} commands`,
      ...commands.map((command) => `  - ${command}`),
      `Screenshot: ${values.screenshot}`,
    ].join('\n');
    await writeFile(values.screenshot.replace(/\.png$/, '.txt'), `${summary}\n`);
    console.info(`\n${summary}`);
    if (!palette) throw new Error('the command palette did not open');
  } catch (error) {
    console.error(`start: Deskmate did not show on the demo helpdesk: ${(error as Error).message}`);
    await shutdown();
    process.exit(1);
  }
  await shutdown();
}
