/**
 * The one custom site schema (src/core/settings/custom-site.ts) in every settings layer: a definition that uses
 * every field reaches the resolved settings whole, whichever layer set it (managed policy, client pack, QA lead,
 * agent); a field the schema does not know is refused with its JSON pointer from the settings object
 * (`/sites.custom/0/selectorz`), never dropped.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SettingsService } from '../../../src/background/settings-service.ts';
import { CLIENT_PACK_FORMAT, parseClientPack } from '../../../src/core/settings/client-pack.ts';
import {
  BUILT_IN_ADAPTER_IDS,
  customSiteSchemaWith,
  SELECTOR_KEYS,
} from '../../../src/core/settings/custom-site.ts';
import { findSetting, validateSetting } from '../../../src/core/settings/definitions.ts';
import { type LayerName, resolveSettings } from '../../../src/core/settings/layers.ts';
import { parseManaged } from '../../../src/core/settings/managed.ts';
import { fullCustomSite } from '../../fixtures/custom-sites.ts';
import { memoryStorage } from '../background/memory-storage.ts';

const site = fullCustomSite('rt.acme.example');
const definition = findSetting('sites.custom')!;

function service(managed: Record<string, unknown> = {}) {
  return new SettingsService({
    local: memoryStorage(),
    session: memoryStorage(),
    readManaged: async () => managed,
  });
}

const pack = (settings: Record<string, unknown>) => ({
  format: CLIENT_PACK_FORMAT,
  version: 1 as const,
  client: { id: 'acme', name: 'Acme', matches: [{ host: 'rt.acme.example' }] },
  settings,
  locked: [],
});

describe('a custom site definition', () => {
  it('uses every field of the adapter contract', () => {
    expect(Object.keys(site.selectors ?? {}).sort()).toEqual([...SELECTOR_KEYS].sort());
    const fields = Object.keys(customSiteSchemaWith().pipe[0].entries).sort();
    expect(Object.keys(site).sort()).toEqual(fields.filter((field) => field !== 'adapter'));
    expect(validateSetting(definition, [{ ...site, adapter: 'zendesk' }]).ok).toBe(true);
  });

  it.each<LayerName>(['managed', 'clientPack', 'qaLead', 'agent'])(
    'round-trips whole through the %s layer',
    (layer) => {
      const resolved = resolveSettings({ [layer]: { values: { 'sites.custom': [site] } } });
      expect(resolved.warnings).toEqual([]);
      expect(resolved.values['sites.custom']).toEqual([site]);
      expect(resolved.origins['sites.custom'].source).toBe(layer);
    },
  );

  it('reaches the resolved settings from a managed policy as storage.managed hands it over', async () => {
    const managed = parseManaged({ settings: { 'sites.custom': [site] }, locked: ['sites.custom'] });
    expect(managed.errors).toEqual([]);
    const worker = service({ settings: { 'sites.custom': [site] }, locked: ['sites.custom'] });
    expect((await worker.resolve(null)).values['sites.custom']).toEqual([site]);
  });

  it('reaches the resolved settings from a client pack, and from a QA lead and an agent write', async () => {
    expect(parseClientPack(pack({ 'sites.custom': [site] })).ok).toBe(true);
    const worker = service();
    await worker.importClientPack(pack({ 'sites.custom': [site] }));
    expect((await worker.resolve('acme')).values['sites.custom']).toEqual([site]);
    const other = { ...site, id: 'acme-rt-2' };
    await worker.write('qaLead', 'sites.custom', [other], 'acme');
    expect((await worker.resolve('acme')).values['sites.custom']).toEqual([other]);
    await worker.write('agent', 'sites.custom', [site]);
    expect((await worker.resolve(null)).values['sites.custom']).toEqual([site]);
  });

  it('refuses an unknown field with its path, at every depth, never dropping it', () => {
    const result = validateSetting(definition, [
      { ...site, selectorz: { composer: ['#reply'] } },
      { ...site, id: 'two', selectors: { ...site.selectors, composr: ['#x'] } },
      { ...site, id: 'three', messageRole: { ...site.messageRole, colour: 'red' } },
      { ...site, id: 'four', requiredOn: [{ url: 'Update', required: ['composer'], page: 'x' }] },
    ]);
    expect(result.ok ? [] : result.errors).toEqual([
      { path: '/0/selectorz', message: 'unknown field' },
      { path: '/1/selectors/composr', message: 'unknown field' },
      { path: '/2/messageRole/colour', message: 'unknown field' },
      { path: '/3/requiredOn/0/page', message: 'unknown field' },
    ]);
  });

  it('names the setting in the path wherever a layer is refused', async () => {
    const bad = [{ ...site, selectorz: {} }];
    for (const layer of ['managed', 'clientPack', 'qaLead', 'agent'] as const) {
      const resolved = resolveSettings({ [layer]: { values: { 'sites.custom': bad } } });
      expect(resolved.warnings).toEqual([
        expect.stringContaining('/sites.custom/0/selectorz: unknown field'),
      ]);
      expect(resolved.values['sites.custom']).toEqual([]);
    }
    const worker = service();
    await expect(worker.write('agent', 'sites.custom', bad)).rejects.toThrow(
      '/sites.custom/0/selectorz: unknown field',
    );
    await expect(worker.importClientPack(pack({ 'sites.custom': bad }))).rejects.toThrow(
      '/sites.custom/0/selectorz: unknown field',
    );
  });

  it('shows an unknown field that looks like a value as <key>, never quoting it', () => {
    const result = validateSetting(definition, [{ ...site, 'kim@example.net': 1 }]);
    expect(result.ok ? [] : result.errors).toEqual([{ path: '/0/<key>', message: 'unknown field' }]);
  });

  it('names a built-in adapter only among those Deskmate has', () => {
    const result = validateSetting(definition, [{ ...site, adapter: 'zendeks' }]);
    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual(['/0/adapter']);
    expect(result.ok ? '' : result.errors[0]!.message).toContain(BUILT_IN_ADAPTER_IDS.join(', '));
  });

  it('refuses two sites with one id, and fields that cannot work together, each with its path', () => {
    const { ticketIdAttribute: _omitted, ...withoutAttribute } = site;
    const result = validateSetting(definition, [
      site,
      { ...site, name: 'Again' },
      {
        ...withoutAttribute,
        id: 'three',
        selectors: { ...site.selectors, send: [], ticketView: ['app-root >>> #ticket'] },
        requiredOn: [{ url: 'Update', required: ['send'] }],
      },
    ]);
    expect(result.ok ? [] : result.errors).toEqual([
      { path: '/2/requiredOn/0/required/0', message: '"send" is required but has no selectors' },
      { path: '/2/ticketIdAttribute', message: 'selectors.ticketId needs the attribute that holds the id' },
      {
        path: '/2/selectors/ticketView',
        message: 'the ticket view must be in the page itself (no >>>), so Deskmate can wait for it',
      },
      { path: '/1/id', message: 'another custom site has this id' },
    ]);
  });

  it('lets a site with a built-in adapter require what only the adapter defines', () => {
    const result = validateSetting(definition, [
      {
        id: 'zendesk-own-domain',
        name: 'Zendesk at support.acme.example',
        matches: ['https://support.acme.example/*'],
        adapter: 'zendesk',
        selectors: { subject: ['#custom-subject'] },
        required: ['composer'],
      },
    ]);
    expect(result.ok).toBe(true);
  });

  it('checks patterns for a capturing group and for linear time, with their paths', () => {
    const result = validateSetting(definition, [
      { ...site, ticketUrl: '[?&]id=\\d+', requiredOn: [{ url: '(a)\\1', required: ['composer'] }] },
    ]);
    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual([
      '/0/ticketUrl',
      '/0/requiredOn/0/url',
    ]);
  });

  it('takes a named group as the capturing group', () => {
    expect(v.safeParse(customSiteSchemaWith(), { ...site, ticketUrl: '[?&]id=(?P<id>\\d+)' }).success).toBe(
      true,
    );
  });
});
