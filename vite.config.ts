/**
 * Builds the extension for one browser: `vite build --mode chrome` → dist/chrome, `--mode firefox` →
 * dist/firefox (scripts/build.ts runs both and packs the zips). manifest.json is the Chrome flavour; the Firefox
 * one is derived here, and both get their host matches from the site adapters.
 */
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import sourceManifest from './manifest.json' with { type: 'json' };
import { siteMatchPatterns } from './src/content/sites/index.ts';

export const FIREFOX_ID = 'deskmate@deskmate.dev';
// 140 is the oldest Firefox ESR still supported, and the first that knows data_collection_permissions.
export const FIREFOX_MIN_VERSION = '140.0';

type Manifest = typeof sourceManifest & Record<string, unknown>;
type Browser = 'chrome' | 'firefox';

export function manifestFor(browser: Browser): Manifest {
  const manifest: Manifest = structuredClone(sourceManifest);
  const matches = siteMatchPatterns();
  manifest.content_scripts = manifest.content_scripts.map((script) => ({ ...script, matches }));
  manifest.host_permissions = matches;
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
    permissions: manifest.permissions.filter((permission) => permission !== 'sidePanel'),
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

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  // The content script is not crxjs's: scripts/content-script.ts builds it as one classic script (no loader, no
  // module fetches on every helpdesk page load) and scripts/build.ts lists it in the built manifest.
  const { content_scripts, ...manifest } = manifestFor(browser);
  void content_scripts;
  return {
    plugins: [preact(), crx({ manifest: manifest as unknown as ManifestV3Export, browser })],
    build: {
      outDir: `dist/${browser}`,
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
});
