/**
 * `npm run build`: the extension for Chrome (dist/chrome) and Firefox (dist/firefox), their store packages
 * (dist/deskmate-<browser>-<version>.zip), and the demo helpdesk (dist/demo).
 *   --browser chrome|firefox   build one browser only
 *   --no-zip                   skip the packages
 *   --no-demo                  skip the demo helpdesk
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { build } from 'vite';
import { manifestFor } from '../vite.config.ts';
import { buildContentScript } from './content-script.ts';
import { buildDemo } from './serve-demo.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export type Browser = 'chrome' | 'firefox';

export async function buildExtension(browser: Browser): Promise<string> {
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: browser, logLevel: 'warn' });
  const dir = join(ROOT, 'dist', browser);
  await addContentScript(browser, dir);
  return dir;
}

interface BuiltManifest {
  content_scripts?: Array<{ matches: string[]; js: string[]; run_at?: string }>;
  web_accessible_resources?: Array<{ resources: string[]; matches: string[]; use_dynamic_url?: boolean }>;
}

/**
 * Builds the content script (scripts/content-script.ts) and lists it in the built manifest, where the source
 * manifest names its entry. The modules it loads on demand must be web-accessible: a page may only load the
 * extension resources listed for its origin. They are listed for any http(s) origin, not only the built-in
 * helpdesks' hosts, because sites added at run time (custom sites, paste sites: registered with
 * `scripting.registerContentScripts` once the browser grants access) load them too, or the import is refused
 * ("Denying load of …"). Only those modules are listed, and the browser still runs the script only where Deskmate
 * has been granted access.
 */
async function addContentScript(browser: Browser, dir: string): Promise<void> {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as BuiltManifest;
  const scripts = manifestFor(browser).content_scripts;
  const entries = new Set(scripts.flatMap((script) => script.js));
  const [entry] = entries;
  if (!entry || entries.size > 1) throw new Error('the manifest must name one content script entry');
  const { script, lazy } = await buildContentScript(browser, dir, entry);
  manifest.content_scripts = scripts.map((declared) => ({ ...declared, js: [script] }));
  manifest.web_accessible_resources = [
    ...(manifest.web_accessible_resources ?? []),
    { resources: lazy, matches: ['http://*/*', 'https://*/*'], use_dynamic_url: false },
  ];
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Zips a build with manifest.json at the root, as both stores require. */
export async function packExtension(browser: Browser): Promise<string> {
  const dir = join(ROOT, 'dist', browser);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { version: string };
  const files: Record<string, Uint8Array> = {};
  for (const file of (await filesUnder(dir)).sort()) files[relative(dir, file)] = await readFile(file);
  // A fixed timestamp keeps the package byte-for-byte reproducible.
  const zip = zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  const out = join(ROOT, 'dist', `deskmate-${browser}-${manifest.version}.zip`);
  await writeFile(out, zip);
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { browser: { type: 'string' }, 'no-zip': { type: 'boolean' }, 'no-demo': { type: 'boolean' } },
  });
  if (values.browser && values.browser !== 'chrome' && values.browser !== 'firefox') {
    throw new Error(`--browser must be chrome or firefox, got "${values.browser}"`);
  }
  const browsers: Browser[] = values.browser ? [values.browser as Browser] : ['chrome', 'firefox'];
  for (const browser of browsers) {
    const dir = await buildExtension(browser);
    console.info(`built ${relative(ROOT, dir)}/`);
    if (!values['no-zip']) {
      const zip = await packExtension(browser);
      console.info(`packed ${relative(ROOT, zip)} (${Math.round((await stat(zip)).size / 1024)} KiB)`);
    }
  }
  if (!values['no-demo']) {
    await buildDemo();
    console.info('built dist/demo/ (the demo helpdesk)');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`build: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
