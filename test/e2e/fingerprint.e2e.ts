/**
 * No site can tell that Deskmate is installed by fetching one of its files: nothing in the extension is
 * web-accessible (de9fc58 listed six content-script chunks for every http(s) origin, so
 * `chrome-extension://<fixed id>/content/lazy/session.js` answered 200 to any page). The parts of the content
 * script it loads on demand still load where Deskmate runs: the worker runs them in the content script's world.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { DEMO_DIST } from '../../scripts/serve-demo.ts';
import {
  CHROME_DIR,
  type DemoEnvironment,
  EXTENSION_ID,
  startDemoEnvironment,
  waitForDeskmate,
} from './support/env.ts';
import { deskmateElements, eventually } from './support/shadow.ts';

let env: DemoEnvironment;
let elsewhere: StaticServer;
/** Every file of the content script, what de9fc58 exposed, and the manifest. */
let probes: string[];

beforeAll(async () => {
  env = await startDemoEnvironment();
  // A site Deskmate does not run on: a local page on another port than the demo helpdesk's.
  elsewhere = await serveStatic(DEMO_DIST, { port: 0, spaFallback: 'index.html' });
  const content = await readdir(join(CHROME_DIR, 'content'), { recursive: true });
  probes = [
    ...content.filter((file) => file.endsWith('.js')).map((file) => `content/${file}`),
    'content/lazy/session.js',
    'manifest.json',
  ];
});
afterAll(async () => {
  await env?.close();
  await elsewhere?.close();
});

/** What the page gets for each probe: the HTTP status, or the error its fetch throws. */
async function probeFrom(page: Page): Promise<Record<string, string>> {
  return page.evaluate(
    async ({ id, paths }) => {
      const results: Record<string, string> = {};
      for (const path of paths) {
        try {
          results[path] = String((await fetch(`chrome-extension://${id}/${path}`)).status);
        } catch (error) {
          results[path] = (error as Error).name;
        }
      }
      return results;
    },
    { id: EXTENSION_ID, paths: probes },
  );
}

describe('Deskmate cannot be detected by fetching its files', () => {
  it('from a site it does not run on, no file of the extension answers', async () => {
    expect(probes).toContain('content/deskmate.js');
    expect(
      probes.some((path) => path.startsWith('content/lazy/') && path !== 'content/lazy/session.js'),
    ).toBe(true);
    const page = await env.browser.context.newPage();
    await page.goto(`${elsewhere.origin}/`);
    const results = await probeFrom(page);
    expect(Object.entries(results).filter(([, result]) => result === '200')).toEqual([]);
    await page.close();
  });

  it('nor from the helpdesk page it runs on, while its on-demand parts load there', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.demo.origin}/agent/tickets/1043`);
    await waitForDeskmate(page);
    const results = await probeFrom(page);
    expect(Object.entries(results).filter(([, result]) => result === '200')).toEqual([]);

    // The data guard's session: a card number typed in the reply is counted in the status bar.
    await page.locator('[data-demo="composer"] .ProseMirror').click();
    await page.keyboard.type('card 4111 1111 1111 1111 ');
    await eventually(
      () => deskmateElements(page, 'data-status-id', 'guard-problems'),
      (found) => found.length > 0,
      'the data guard’s problem count',
    );
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');

    // The answers' templates: a ;shortcut inserts the article with the customer's name filled in.
    await page.keyboard.type(';refu');
    await eventually(
      () => deskmateElements(page, 'data-completion'),
      (found) => found.some((item) => item.attributes['data-completion'] === 'refund'),
      'the ;shortcut completion list',
    );
    await page.keyboard.press('Enter');
    await eventually(
      () => page.evaluate(() => window.demoEditor?.getText() ?? ''),
      (text) => text.includes('Hi Daniel,') && text.includes('Returns are inspected'),
      'the answer inserted from its template',
    );

    // The palette's fuzzy filter: a query narrows the commands.
    await page.keyboard.press('F1');
    await page.keyboard.type('swtch clnt');
    const options = await eventually(
      () => deskmateElements(page, 'role', 'option'),
      (found) => found.length > 0 && found.every((option) => /switch client/i.test(option.text)),
      'the palette filtered by its fuzzy filter',
    );
    expect(options[0]?.text).toMatch(/Switch client/);
    await page.close();
  });
});
