import { describe, expect, it } from 'vitest';
import sourceManifest from '../../../manifest.json' with { type: 'json' };
import managedSchema from '../../../public/managed_schema.json' with { type: 'json' };
import { adapterMatchesUrl, compileMatchPattern } from '../../../src/content/sites/adapter.ts';
import { builtInSites } from '../../../src/content/sites/built-in.ts';
import { siteAdapters, siteMatchPatterns } from '../../../src/content/sites/index.ts';
import { settingDefinitions } from '../../../src/core/settings/definitions.ts';
import { manifestFor } from '../../../vite.config.ts';
import { adapterForUrl } from '../../support/adapter-for-url.ts';

describe('match patterns', () => {
  it.each([
    ['*://*.zendesk.com/*', 'https://acme.zendesk.com/agent/tickets/1', true],
    ['*://*.zendesk.com/*', 'https://zendesk.com/', true],
    ['*://*.zendesk.com/*', 'https://zendesk.com.evil.example/', false],
    ['https://*.my.salesforce.com/*', 'http://acme.my.salesforce.com/', false],
    ['http://127.0.0.1/*', 'http://127.0.0.1:5178/agent/tickets/1', true],
    ['https://mail.google.com/mail/*', 'https://mail.google.com/chat/', false],
  ])('%s matches %s: %s', (pattern, url, expected) => {
    expect(compileMatchPattern(pattern).test(url)).toBe(expected);
  });

  it('refuses a malformed pattern', () => {
    expect(() => compileMatchPattern('zendesk.com')).toThrow(/invalid match pattern/);
  });
});

describe('site adapters', () => {
  it('have unique ids and fall back to the generic adapter', () => {
    const ids = siteAdapters.map((adapter) => adapter.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(adapterForUrl('https://intranet.example/crm').id).toBe('generic');
  });

  it('never claim a local service: the demo helpdesk is only the demo build’s, on its own port', () => {
    expect(siteAdapters.map((adapter) => adapter.id)).not.toContain('demo');
    for (const url of [
      'http://127.0.0.1:5178/agent/tickets/1',
      'http://localhost:3000/',
      'http://127.0.0.1/',
    ])
      expect(siteAdapters.find((adapter) => adapterMatchesUrl(adapter, url))?.id, url).toBeUndefined();
    // Unit tests see the demo build for port 5178 (vitest.config.ts).
    const claims = (url: string) => builtInSites.find((adapter) => adapterMatchesUrl(adapter, url))?.id;
    expect(claims('http://127.0.0.1:5178/agent/tickets/1')).toBe('demo');
    expect(claims('http://127.0.0.1:5179/agent/tickets/1')).toBeUndefined();
    expect(claims('http://localhost:5178/agent/tickets/1')).toBeUndefined();
  });
});

/** Every match pattern and glob of a manifest that could reach a loopback or local host. */
function localMatches(manifest: ReturnType<typeof manifestFor>): string[] {
  const all = [
    ...manifest.content_scripts.flatMap((script) => [...script.matches, ...(script.include_globs ?? [])]),
    ...(manifest.host_permissions as string[]),
  ];
  return all.filter((pattern) => /127\.0\.0\.1|localhost|\[::1\]/.test(pattern));
}

describe('the store and demo manifests', () => {
  it.each(['chrome', 'firefox'] as const)('the %s store manifest reaches no local host', (browser) => {
    expect(localMatches(manifestFor(browser))).toEqual([]);
  });

  it('the Chrome demo manifest adds the demo helpdesk on its port only', () => {
    const demo = manifestFor('chrome', { port: 40123 });
    expect(localMatches(demo).sort()).toEqual([
      'http://127.0.0.1:40123/*',
      'http://127.0.0.1:40123/*',
      'http://127.0.0.1:40123/*',
    ]);
    expect(demo.content_scripts.at(-1)).toMatchObject({
      matches: ['http://127.0.0.1:40123/*'],
      include_globs: ['http://127.0.0.1:40123/*'],
    });
    // The helpdesks' entry stays as the store build has it.
    expect(demo.content_scripts[0]).toEqual(manifestFor('chrome').content_scripts[0]);
  });

  it('the Firefox demo manifest narrows the demo to its port with include_globs (its patterns take no port)', () => {
    const demo = manifestFor('firefox', { port: 40123 });
    expect(demo.content_scripts.at(-1)).toMatchObject({
      matches: ['http://127.0.0.1/*'],
      include_globs: ['http://127.0.0.1:40123/*'],
    });
    expect(demo.content_scripts[0]).toEqual(manifestFor('firefox').content_scripts[0]);
  });
});

describe('the built manifests', () => {
  it('get their content-script matches and host permissions from the adapters', () => {
    const chrome = manifestFor('chrome');
    expect(chrome.content_scripts[0]?.matches).toEqual(siteMatchPatterns());
    expect(chrome.host_permissions).toEqual(siteMatchPatterns());
    expect(chrome.key).toBe(sourceManifest.key);
  });

  it('derive a Firefox manifest with a sidebar, an add-on id, a minimum version and no Chrome-only keys', () => {
    const firefox = manifestFor('firefox') as Record<string, unknown> & ReturnType<typeof manifestFor>;
    expect(firefox.browser_specific_settings).toMatchObject({
      gecko: { id: 'deskmate@deskmate.dev', strict_min_version: '140.0' },
    });
    expect(firefox.sidebar_action).toMatchObject({ default_panel: 'src/sidepanel/index.html' });
    expect(firefox.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    for (const chromeOnly of ['key', 'side_panel', 'minimum_chrome_version'])
      expect(firefox).not.toHaveProperty(chromeOnly);
    expect(firefox.permissions).not.toContain('sidePanel');
    expect(Object.keys(firefox.commands)).toContain('_execute_sidebar_action');
  });

  it('publish a managed schema that names exactly the settings Deskmate knows', () => {
    const keys = Object.keys(managedSchema.properties.settings.properties).sort();
    expect(keys).toEqual(settingDefinitions.map((d) => d.key).sort());
  });
});
