/**
 * `npm run build`: the store build of the extension for Chrome (dist/chrome) and Firefox (dist/firefox), their
 * store packages (dist/deskmate-<browser>-<version>.zip), and the demo helpdesk (dist/demo). The store build knows
 * nothing of the demo helpdesk; the demo build (dist/chrome-demo, dist/firefox-demo: the store build plus the demo
 * helpdesk's adapter, match and clients, for 127.0.0.1 on one port) is what `npm start` and the tests load.
 *   --browser chrome|firefox   build one browser only
 *   --no-zip                   skip the packages
 *   --no-demo                  skip the demo helpdesk
 *   --demo-port <port>         also build the demo build, for the demo helpdesk served on that port
 *                              (`npx tsx scripts/serve-demo.ts --port <port>`)
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { build } from 'vite';
import { type DemoOptions, extensionConfig, manifestFor, outDirFor } from '../vite.config.ts';
import { buildCli, CLI_ENTRY } from './cli-build.mjs';
import { buildContentScript } from './content-script.ts';
import { buildDemo, freePort } from './serve-demo.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export type Browser = 'chrome' | 'firefox';
export type { DemoOptions };

/**
 * Builds the extension for `browser` into dist/<browser> (the store build), or with `demo` into
 * dist/<browser>-demo (the demo build, for the demo helpdesk served on 127.0.0.1 at `demo.port`). Returns the dir.
 */
export async function buildExtension(browser: Browser, demo?: DemoOptions): Promise<string> {
  await build({ ...extensionConfig(browser, demo), root: ROOT, configFile: false, logLevel: 'warn' });
  const dir = join(ROOT, outDirFor(browser, demo));
  await addContentScript(browser, dir, demo);
  return dir;
}

/**
 * The demo build for both browsers (dist/chrome-demo, dist/firefox-demo), for the demo helpdesk served on `port`
 * (a free port when none is given, so that runs on one machine do not collide). Returns the port.
 */
export async function buildDemoExtensions(port?: number): Promise<number> {
  const demo = { port: port ?? (await freePort()) };
  await buildExtension('chrome', demo);
  await buildExtension('firefox', demo);
  return demo.port;
}

interface BuiltManifest {
  content_scripts?: Array<{ matches: string[]; js: string[]; run_at?: string; include_globs?: string[] }>;
  web_accessible_resources?: Array<{ resources: string[]; matches: string[]; use_dynamic_url?: boolean }>;
}

/**
 * Builds the content script (scripts/content-script.ts) and lists it in the built manifest, where the source
 * manifest names its entry. Nothing is web-accessible: the bundles it loads on demand are run by the worker
 * (`scripting.executeScript`), so no site can fetch a Deskmate file to learn that it is installed.
 */
async function addContentScript(browser: Browser, dir: string, demo?: DemoOptions): Promise<void> {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as BuiltManifest;
  const scripts = manifestFor(browser, demo).content_scripts;
  const entries = new Set(scripts.flatMap((script) => script.js));
  const [entry] = entries;
  if (!entry || entries.size > 1) throw new Error('the manifest must name one content script entry');
  const { script } = await buildContentScript(browser, dir, entry, demo);
  manifest.content_scripts = scripts.map((declared) => ({ ...declared, js: [script] }));
  if (manifest.web_accessible_resources?.length)
    throw new Error(
      'the built manifest lists web-accessible resources: any site could detect Deskmate by them',
    );
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
    options: {
      browser: { type: 'string' },
      'no-zip': { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      'demo-port': { type: 'string' },
    },
  });
  if (values.browser && values.browser !== 'chrome' && values.browser !== 'firefox') {
    throw new Error(`--browser must be chrome or firefox, got "${values.browser}"`);
  }
  const demoPort = values['demo-port'] === undefined ? undefined : Number(values['demo-port']);
  if (demoPort !== undefined && !(Number.isInteger(demoPort) && demoPort > 0 && demoPort <= 65_535)) {
    throw new Error('--demo-port must be an integer from 1 to 65535');
  }
  const browsers: Browser[] = values.browser ? [values.browser as Browser] : ['chrome', 'firefox'];
  for (const browser of browsers) {
    const dir = await buildExtension(browser);
    console.info(`built ${relative(ROOT, dir)}/`);
    if (!values['no-zip']) {
      const zip = await packExtension(browser);
      console.info(`packed ${relative(ROOT, zip)} (${Math.round((await stat(zip)).size / 1024)} KiB)`);
    }
    if (demoPort !== undefined) {
      const demoDir = await buildExtension(browser, { port: demoPort });
      console.info(`built ${relative(ROOT, demoDir)}/ (the demo build, for 127.0.0.1:${demoPort})`);
    }
  }
  if (!values['no-demo']) {
    await buildDemo();
    console.info('built dist/demo/ (the demo helpdesk)');
  }
  await buildCli();
  console.info(`built ${relative(ROOT, CLI_ENTRY)} (the command line)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`build: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
