/**
 * Builds the extension for one browser, in one of two flavours:
 * - the store build: `vite build --mode chrome` → dist/chrome, `--mode firefox` → dist/firefox (what
 *   `npm run build` packs into the store zips). It runs only on the site adapters' helpdesks and seeds nothing.
 * - the demo build: `--mode chrome-demo` → dist/chrome-demo, `--mode firefox-demo` → dist/firefox-demo (what
 *   `npm start`, the e2e tests and the benchmarks load). It adds the bundled demo helpdesk, served on
 *   127.0.0.1 at one port (DESKMATE_DEMO_PORT, default 5178): its site adapter, its match, its demo clients.
 * scripts/build.ts calls `extensionConfig` directly. manifest.json is the Chrome flavour; the Firefox one is derived
 * here, and both get their host matches from the site adapters.
 */
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type UserConfig } from 'vite';
import sourceManifest from './manifest.json' with { type: 'json' };
import { DEFAULT_DEMO_PORT } from './scripts/serve-demo.ts';
import { siteMatchPatterns } from './src/content/sites/index.ts';

export const FIREFOX_ID = 'deskmate@deskmate.dev';
// 140 is the oldest Firefox ESR still supported, and the first that knows data_collection_permissions.
export const FIREFOX_MIN_VERSION = '140.0';

type ContentScript = { matches: string[]; js: string[]; run_at?: string; include_globs?: string[] };
type Manifest = Omit<typeof sourceManifest, 'content_scripts'> & {
  content_scripts: ContentScript[];
} & Record<string, unknown>;
type Browser = 'chrome' | 'firefox';

/** What a demo build adds: the demo helpdesk's port (it is served on 127.0.0.1). Undefined: the store build. */
export interface DemoOptions {
  port: number;
}

/** The demo helpdesk's host (with its port), as the demo build's adapter and clients match it. */
export function demoHost(demo: DemoOptions): string {
  return `127.0.0.1:${demo.port}`;
}

export function manifestFor(browser: Browser, demo?: DemoOptions): Manifest {
  const manifest = structuredClone(sourceManifest) as unknown as Manifest;
  const matches = siteMatchPatterns();
  manifest.content_scripts = manifest.content_scripts.map((script) => ({ ...script, matches }));
  manifest.host_permissions = matches;
  if (demo) {
    // Chrome match patterns may name a port; Firefox's may not (bug 1362809), so there the pattern covers every
    // port of 127.0.0.1 and `include_globs` (which match the whole URL, port included) narrow the injection to the
    // demo's. The host permission cannot be narrowed in Firefox: it grants 127.0.0.1 on every port, but no script
    // runs and no client is seeded anywhere but the demo's port.
    const host = demoHost(demo);
    const pattern = browser === 'chrome' ? `http://${host}/*` : 'http://127.0.0.1/*';
    const [script] = manifest.content_scripts;
    if (!script) throw new Error('manifest.json must name a content script');
    manifest.content_scripts.push({ ...script, matches: [pattern], include_globs: [`http://${host}/*`] });
    manifest.host_permissions = [...matches, pattern];
  }
  if (browser === 'chrome') return manifest;

  // Firefox: a sidebar instead of the side panel, an add-on id instead of a key, its own shortcut for the sidebar.
  const { key, minimum_chrome_version, side_panel, ...rest } = manifest;
  void key;
  void minimum_chrome_version;
  const commands: Record<string, unknown> = { ...manifest.commands };
  commands._execute_sidebar_action = commands['workbench.action.openSidePanel'];
  delete commands['workbench.action.openSidePanel'];
  return {
    ...rest,
    // Firefox runs the worker as an event page: the same module, loaded as a background script.
    background: { scripts: [manifest.background.service_worker], type: 'module' },
    // No side panel; and no `identity`: Chromium's is only for the profile's sign-out event (customer memory).
    permissions: manifest.permissions.filter(
      (permission) => permission !== 'sidePanel' && permission !== 'identity',
    ),
    commands,
    sidebar_action: {
      default_panel: side_panel.default_path,
      default_title: 'Deskmate',
      default_icon: manifest.action.default_icon,
      open_at_install: false,
    },
    browser_specific_settings: {
      // Deskmate sends nothing anywhere: no data is collected or transmitted.
      gecko: {
        id: FIREFOX_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as unknown as Manifest;
}

/** Where a build goes: dist/<browser> for the store, dist/<browser>-demo for the demo build. */
export function outDirFor(browser: Browser, demo?: DemoOptions): string {
  return `dist/${browser}${demo ? '-demo' : ''}`;
}

/** The compile-time flags of a build (src/build-flags.d.ts), as `define` entries. */
export function buildFlags(demo?: DemoOptions): Record<string, string> {
  return { __DESKMATE_DEMO_HOST__: JSON.stringify(demo ? demoHost(demo) : null) };
}

export function extensionConfig(browser: Browser, demo?: DemoOptions): UserConfig {
  // The content script is not crxjs's: scripts/content-script.ts builds it as one classic script (no loader, no
  // module fetches on every helpdesk page load) and scripts/build.ts lists it in the built manifest.
  const { content_scripts, ...manifest } = manifestFor(browser, demo);
  void content_scripts;
  return {
    plugins: [preact(), crx({ manifest: manifest as unknown as ManifestV3Export, browser })],
    define: buildFlags(demo),
    build: {
      outDir: outDirFor(browser, demo),
      emptyOutDir: true,
      target: browser === 'firefox' ? 'firefox140' : 'chrome116',
      // Extension code is reviewed by stores and read by admins: keep it readable.
      minify: false,
      sourcemap: false,
      // Pages the manifest does not name (crxjs picks up the ones it does).
      rollupOptions: { input: { reports: 'src/reports/index.html' } },
    },
    // Sidebar, options and popup pages reach the same chunks as the worker: keep one copy per build.
    legacy: {},
  };
}

export default defineConfig(({ mode }) => {
  const browser: Browser = mode.startsWith('firefox') ? 'firefox' : 'chrome';
  const port = Number(process.env.DESKMATE_DEMO_PORT ?? DEFAULT_DEMO_PORT);
  return extensionConfig(browser, mode.endsWith('-demo') ? { port } : undefined);
});
