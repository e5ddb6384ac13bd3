/**
 * Article HTML must make the browser fetch nothing: a remote image in a knowledge article is a tracking pixel that
 * tells its owner when an agent previewed the answer or inserted it into a reply (and again when the customer
 * reads it). Only images from the client's own hosts (`knowledge.imageHosts`, https) are kept.
 *
 * DOMPurify needs a real DOM to be judged (happy-dom is not faithful enough), so the sanitizer and the answer
 * template, exactly as the extension bundles them, run in Chromium; their output is rendered into a live page whose
 * every request is counted. Nothing is timed.
 */

import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { sanitizeArticleHtml } from '../../src/content/answers/sanitize.ts';
import type { prepareAnswer } from '../../src/content/answers/template.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { ROOT } from './support/env.ts';

const HOSTILE = [
  '<p>Text stays.</p>',
  '<img src="https://tracker.test/plain.gif?ticket=1042" alt="logo">',
  '<IMG SRC="https://tracker.test/upper.gif">',
  '<img src="//tracker.test/protocol-relative.gif">',
  '<img src="&#104;ttps://tracker.test/entity.gif"><img src="https&#58;//tracker.test/entity2.gif">',
  '<img src=" https://tracker.test/space.gif">',
  '<img src="https:\\\\tracker.test\\backslash.gif">',
  '<img src="/relative.gif"><img src="relative2.gif">',
  '<img srcset="https://tracker.test/srcset.gif 1x, https://cdn.acme.test/ok-2x.png 2x">',
  '<img src="https://cdn.acme.test/kept.png" srcset="https://tracker.test/srcset2.gif 2x">',
  '<img src="http://cdn.acme.test/insecure.png">',
  '<img src="https://cdn.acme.test.tracker.test/suffix.png">',
  '<img src="https://cdn.acme.test@tracker.test/userinfo.png">',
  '<picture><source srcset="https://tracker.test/picture.webp"><img src="https://tracker.test/picture.gif"></picture>',
  '<svg><image href="https://tracker.test/svg-image.png"></image><image xlink:href="https://tracker.test/xlink.png"></image></svg>',
  '<p style="background:url(https://tracker.test/style-attr.gif)">styled</p>',
  '<style>p{background-image:url("https://tracker.test/style-tag.gif")}</style>',
  '<div style="background-image: URL(//tracker.test/style-upper.gif)">x</div>',
  '<video poster="https://tracker.test/poster.gif" src="https://tracker.test/video.mp4"></video>',
  '<audio src="https://tracker.test/audio.mp3" autoplay></audio>',
  '<link rel="stylesheet" href="https://tracker.test/link.css"><link rel="prefetch" href="https://tracker.test/prefetch">',
  '<object data="https://tracker.test/object"></object><embed src="https://tracker.test/embed">',
  '<iframe src="https://tracker.test/frame"></iframe>',
  '<table background="https://tracker.test/table.gif"><tr><td background="https://tracker.test/td.gif">cell</td></tr></table>',
  '<input type="image" src="https://tracker.test/input.gif">',
  '<body background="https://tracker.test/body.gif">',
  '<a href="https://tracker.test/just-a-link">a link loads nothing until clicked</a>',
].join('\n');

let browser: LaunchedChromium;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    stdin: {
      contents: `export { sanitizeArticleHtml } from './src/content/answers/sanitize.ts';
        export { prepareAnswer } from './src/content/answers/template.ts';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'deskmateUnderTest',
    write: false,
    target: 'chrome116',
  });
  bundle = result.outputFiles[0]!.text;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A page on `https://helpdesk.test/` with the sanitizer loaded; every request any page makes is answered here
 * (nothing reaches the network) and recorded.
 */
async function helpdeskPage(): Promise<{ page: Page; requests: string[] }> {
  const requests: string[] = [];
  const page = await browser.context.newPage();
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === 'https://helpdesk.test/') {
      await route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>helpdesk</title><main></main>',
      });
      return;
    }
    requests.push(url);
    // A 1×1 GIF for images, empty for anything else.
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    await route.fulfill({ status: 200, contentType: 'image/gif', body: gif });
  });
  await page.goto('https://helpdesk.test/');
  await page.addScriptTag({ content: bundle });
  return { page, requests };
}

type Render = 'preview' | 'insert';

/** Sanitizes as the preview (options page) or the insertion (answer template) does, and renders it live. */
async function render(page: Page, how: Render, imageHosts: string[] | undefined): Promise<string> {
  return page.evaluate(
    async ({ html, how, imageHosts }) => {
      const api = (
        window as unknown as {
          deskmateUnderTest: {
            sanitizeArticleHtml: typeof sanitizeArticleHtml;
            // The module's own signature, so a change to it breaks this test at compile time, not in the page.
            prepareAnswer: typeof prepareAnswer;
          };
        }
      ).deskmateUnderTest;
      const options = imageHosts ? { imageHosts } : {};
      const out =
        how === 'preview'
          ? api.sanitizeArticleHtml(html, options)
          : (api.prepareAnswer({ body: html, bodyFormat: 'html' }, {}, [], options).html ?? '');
      const main = document.querySelector('main')!;
      main.innerHTML = out;
      // Let every image, style and frame the markup asks for be requested (a settled page, not a timer).
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      await Promise.all([...main.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)));
      await new Promise((resolve) => setTimeout(resolve, 0));
      return out;
    },
    { html: HOSTILE, how, imageHosts },
  );
}

describe('remote resources in article HTML', () => {
  for (const how of ['preview', 'insert'] as const) {
    it(`are removed from the ${how === 'preview' ? 'preview' : 'inserted reply'}: the page fetches nothing`, async () => {
      const { page, requests } = await helpdeskPage();
      const out = await render(page, how, undefined);
      await page.waitForLoadState('networkidle');
      expect(requests).toEqual([]);
      expect(out).not.toMatch(/tracker\.test\/(?!just-a-link)|cdn\.acme\.test|relative/);
      expect(out).toContain('Text stays.');
      // Links stay (they load nothing until clicked), opening outside the helpdesk.
      expect(out).toContain('href="https://tracker.test/just-a-link"');
      await page.close();
    });

    it(`keep images from the client's own hosts in the ${how === 'preview' ? 'preview' : 'inserted reply'}, and only those`, async () => {
      const { page, requests } = await helpdeskPage();
      const out = await render(page, how, ['cdn.acme.test']);
      await page.waitForLoadState('networkidle');
      expect(requests).toEqual(['https://cdn.acme.test/kept.png']);
      expect(out).toContain('src="https://cdn.acme.test/kept.png"');
      expect(out).not.toContain('srcset');
      await page.close();
    });
  }
});
