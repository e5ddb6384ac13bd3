import { describe, expect, it } from 'vitest';
import sourceManifest from '../../../manifest.json' with { type: 'json' };
import managedSchema from '../../../public/managed_schema.json' with { type: 'json' };
import { compileMatchPattern } from '../../../src/content/sites/adapter.ts';
import { adapterForUrl, siteAdapters, siteMatchPatterns } from '../../../src/content/sites/index.ts';
import { settingDefinitions } from '../../../src/core/settings/definitions.ts';
import { manifestFor } from '../../../vite.config.ts';

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
    expect(adapterForUrl('http://127.0.0.1:5178/agent/tickets/1').id).toBe('demo');
    expect(adapterForUrl('https://intranet.example/crm').id).toBe('generic');
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
