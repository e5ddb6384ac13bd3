/**
 * Renders public/icons/deskmate.svg to the PNG sizes the manifests need, with headless Chromium.
 * Run after changing the SVG: `npx tsx scripts/make-icons.ts` (the PNGs are committed).
 */
import { readFile } from 'node:fs/promises';
import { launchChromium } from '../test/e2e/support/chromium.ts';

const svg = await readFile(new URL('../public/icons/deskmate.svg', import.meta.url), 'utf8');
const browser = await launchChromium();
const page = await browser.context.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`,
  );
  await page.screenshot({
    path: new URL(`../public/icons/icon-${size}.png`, import.meta.url).pathname,
    omitBackground: true,
  });
}
await browser.close();
console.info('icons written');
