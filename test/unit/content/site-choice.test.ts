// @vitest-environment happy-dom
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  adapterFromCustomSite,
  chooseSite,
  coveredOnlyOnAnotherPort,
  siteEnabled,
} from '../../../src/content/runtime/site-choice.ts';
import { missingRequired, requiredFields } from '../../../src/content/sites/diagnostics.ts';
import { zendeskAdapter } from '../../../src/content/sites/zendesk.ts';
import { compileLinearPattern } from '../../../src/core/linear-pattern.ts';
import { type CustomSite, customSiteSchemaWith } from '../../../src/core/settings/custom-site.ts';
import { defaultValues, type SettingValues } from '../../../src/core/settings/definitions.ts';
import { customSitePage, fullCustomSite } from '../../fixtures/custom-sites.ts';
import { readTicket } from '../../support/read-ticket.ts';

const crm = {
  id: 'acme-crm',
  name: 'Acme CRM',
  matches: ['https://crm.acme.internal/*'],
  ticketPath: '/cases/(\\d+)',
  selectors: { composer: ['#reply'] },
};
const settings = (overrides: Partial<SettingValues> = {}): SettingValues => ({
  ...defaultValues(),
  ...overrides,
});
const DEMO = 'http://127.0.0.1:5178/agent/tickets/1';

describe('choosing the site adapter for a page', () => {
  it('uses a built-in adapter unless Deskmate is turned off on that helpdesk', () => {
    expect(chooseSite(DEMO, settings())).toMatchObject({ adapter: { id: 'demo' }, enabled: true });
    expect(chooseSite(DEMO, settings({ 'sites.disabled': ['demo'] })).enabled).toBe(false);
  });

  it('uses a custom site definition for an in-house CRM, with its own selectors', () => {
    const url = 'https://crm.acme.internal/cases/77';
    // Without the pattern compiler (loaded on demand in the page), the choice says it needs it.
    expect(chooseSite(url, settings({ 'sites.custom': [crm] }))).toMatchObject({ needsPatterns: true });
    const choice = chooseSite(url, settings({ 'sites.custom': [crm] }), compileLinearPattern);
    expect(choice.needsPatterns).toBe(false);
    expect(choice.adapter.id).toBe('custom:acme-crm');
    expect(choice.adapter.selectors.composer).toEqual(['#reply']);
    // No send selectors: the pipeline finds the form's submit buttons and the buttons near the reply box.
    expect(choice.adapter.selectors.send).toBeUndefined();
    expect(choice.adapter.ticketPath?.exec('/cases/77')?.[1]).toBe('77');
  });

  it('falls back to the generic adapter anywhere else', () => {
    expect(chooseSite('https://elsewhere.example/', settings({ 'sites.custom': [crm] })).adapter.id).toBe(
      'generic',
    );
  });

  it('turns an invalid ticket path into no ticket id rather than an error', () => {
    expect(
      adapterFromCustomSite({ ...crm, ticketPath: '(' }, compileLinearPattern).ticketPath,
    ).toBeUndefined();
  });

  it('validates custom site definitions with the path of each error', () => {
    const result = v.safeParse(customSiteSchemaWith(), {
      id: 'Bad!',
      name: '',
      matches: ['crm.acme.internal'],
    });
    expect(result.success).toBe(false);
    expect(result.issues?.map((issue) => issue.path?.map((p) => p.key).join('/'))).toEqual([
      'id',
      'name',
      'matches/0',
    ]);
  });
});

describe('precedence between custom sites and built-in adapters', () => {
  const onDemoHost = (port: number, extra: Partial<CustomSite> = {}): CustomSite => ({
    id: `local-${port}`,
    name: `Local ${port}`,
    matches: [`http://127.0.0.1:${port}/*`],
    selectors: { ticketView: ['#t'], composer: ['#reply'] },
    ...extra,
  });

  it('the demo adapter claims its own port only: a custom site on another port of its host is chosen there', () => {
    const values = settings({ 'sites.custom': [onDemoHost(9999)] });
    expect(chooseSite('http://127.0.0.1:9999/tickets/1', values).adapter.id).toBe('custom:local-9999');
    expect(chooseSite(DEMO, values).adapter.id).toBe('demo');
  });

  it('a custom site covering a built-in adapter’s URL does not take it over unless it says overrides', () => {
    const everyPort: CustomSite = { ...onDemoHost(1), id: 'all-ports', matches: ['http://127.0.0.1/*'] };
    expect(chooseSite(DEMO, settings({ 'sites.custom': [everyPort] })).adapter.id).toBe('demo');
    const taking = { ...everyPort, overrides: true };
    const choice = chooseSite(DEMO, settings({ 'sites.custom': [everyPort, taking] }));
    expect(choice).toMatchObject({ adapter: { id: 'custom:all-ports' }, enabled: true });
  });

  it('a custom site that overrides wins over a hosted helpdesk’s adapter, before an earlier one that does not', () => {
    const plain: CustomSite = {
      id: 'plain',
      name: 'Plain',
      matches: ['https://acme.zendesk.com/*'],
      selectors: { composer: ['#a'] },
    };
    const over: CustomSite = { ...plain, id: 'over', overrides: true, selectors: { composer: ['#b'] } };
    const url = 'https://acme.zendesk.com/agent/tickets/5';
    expect(chooseSite(url, settings({ 'sites.custom': [plain] })).adapter.id).toBe('zendesk');
    expect(chooseSite(url, settings({ 'sites.custom': [plain, over] })).adapter.id).toBe('custom:over');
  });

  it('turning the demo off turns Deskmate off on the demo only, not on custom sites elsewhere or that took it over', () => {
    const off = { 'sites.disabled': ['demo'] };
    expect(chooseSite(DEMO, settings(off)).enabled).toBe(false);
    const elsewhere = settings({ ...off, 'sites.custom': [onDemoHost(9999)] });
    expect(chooseSite('http://127.0.0.1:9999/tickets/1', elsewhere)).toMatchObject({
      adapter: { id: 'custom:local-9999' },
      enabled: true,
    });
    const takenOver = settings({ ...off, 'sites.custom': [onDemoHost(5178, { overrides: true })] });
    expect(chooseSite(DEMO, takenOver)).toMatchObject({
      adapter: { id: 'custom:local-5178' },
      enabled: true,
    });
  });
});

describe('a custom site with a port, where the browser’s patterns take none (Firefox)', () => {
  it('is registered for every port of its host, and Deskmate stays off on the other ports', () => {
    const site: CustomSite = { id: 'on-8080', name: 'On 8080', matches: ['http://crm.acme.example:8080/*'] };
    const values = settings({ 'sites.custom': [site] });
    expect(coveredOnlyOnAnotherPort('http://crm.acme.example:9090/cases/1', values)).toBe(true);
    expect(coveredOnlyOnAnotherPort('http://crm.acme.example:8080/cases/1', values)).toBe(false);
    expect(coveredOnlyOnAnotherPort('http://elsewhere.example/', values)).toBe(false);
    // The demo helpdesk on its own port is the demo adapter's, whatever a custom site on another port says.
    const local = settings({ 'sites.custom': [{ ...site, matches: ['http://127.0.0.1:9999/*'] }] });
    expect(coveredOnlyOnAnotherPort(DEMO, local)).toBe(false);
  });
});

describe('a custom site over a built-in adapter', () => {
  it('uses the named adapter’s selectors and rules, with its own fields laid over them', () => {
    const site: CustomSite = {
      id: 'zendesk-own-domain',
      name: 'Zendesk at support.acme.example',
      matches: ['https://support.acme.example/*'],
      adapter: 'zendesk',
      selectors: { subject: ['#custom-subject'] },
      sendsOnEnter: true,
    };
    const choice = chooseSite(
      'https://support.acme.example/agent/tickets/9',
      settings({ 'sites.custom': [site] }),
    );
    expect(choice.needsPatterns).toBe(false);
    const adapter = choice.adapter;
    expect(adapter).toMatchObject({
      id: 'custom:zendesk-own-domain',
      name: 'Zendesk at support.acme.example',
    });
    expect(adapter.matches).toEqual(['https://support.acme.example/*']);
    expect(adapter.selectors.subject).toEqual(['#custom-subject']);
    expect(adapter.selectors.composer).toEqual(zendeskAdapter.selectors.composer);
    expect(adapter.ticketPath).toBe(zendeskAdapter.ticketPath);
    expect(adapter.messageRole).toEqual(zendeskAdapter.messageRole);
    expect(adapter.required).toEqual(zendeskAdapter.required);
    expect(adapter.sendsOnEnter).toBe(true);
  });
});

describe('a full custom site on its page', () => {
  const site = v.parse(customSiteSchemaWith(), fullCustomSite('rt.acme.example'));

  it('reads the ticket id from the query string, and every field through its own selectors', () => {
    document.body.innerHTML = customSitePage('Refund please');
    const url = 'http://rt.acme.example/Ticket/Display.html?id=4711';
    const adapter = chooseSite(
      url,
      settings({ 'sites.custom': [site] }),
      compileLinearPattern,
      document,
    ).adapter;
    expect(readTicket(adapter, url, document)).toMatchObject({
      ticketId: '4711',
      subject: 'Refund please',
      requesterName: 'Kim Customer',
      requesterEmail: 'kim@example.net',
      priority: 'High',
      status: 'open',
      messages: [
        { role: 'customer', at: Date.parse('2026-03-02T09:00:00Z') },
        { role: 'agent', at: Date.parse('2026-03-02T09:30:00Z') },
      ],
      composer: true,
      send: true,
    });
  });

  it('requires the reply box only on the page its requiredOn pattern names', () => {
    document.body.innerHTML = customSitePage('Refund please');
    document.querySelector('form')!.remove();
    const adapter = adapterFromCustomSite(site, compileLinearPattern);
    const display = 'http://rt.acme.example/Ticket/Display.html?id=1';
    const update = 'http://rt.acme.example/Ticket/Update.html?id=1';
    expect(requiredFields(adapter, display)).toEqual(['ticketView', 'subject']);
    expect(missingRequired(adapter, document, display)).toEqual([]);
    expect(requiredFields(adapter, update)).toEqual(['ticketView', 'subject', 'composer', 'send']);
    expect(missingRequired(adapter, document, update)).toEqual(['composer', 'send']);
  });

  it('waits for the pattern compiler when only requiredOn has a pattern', () => {
    const only: CustomSite = {
      ...crm,
      ticketPath: undefined,
      requiredOn: [{ url: 'x', required: ['composer'] }],
    };
    delete (only as { ticketPath?: string }).ticketPath;
    expect(
      chooseSite('https://crm.acme.internal/x', settings({ 'sites.custom': [only] })).needsPatterns,
    ).toBe(true);
  });

  it('says whether Deskmate runs on a page as the full choice does, without building the adapter', () => {
    const onHost = (id: string, match: string): CustomSite => ({
      id,
      name: id,
      matches: [match],
      selectors: { ticketView: ['#t'], composer: ['#reply'] },
    });
    const everyPort = onHost('all-ports', 'http://127.0.0.1/*');
    const sitesLists = [
      [],
      [crm],
      [everyPort],
      [{ ...everyPort, overrides: true }],
      [onHost('local-9999', 'http://127.0.0.1:9999/*')],
    ];
    const urls = [
      DEMO,
      'http://127.0.0.1:9999/tickets/1',
      'https://crm.acme.internal/cases/7',
      'https://acme.zendesk.com/agent/tickets/3',
      'https://elsewhere.example/',
    ];
    let disabledSomewhere = 0;
    for (const custom of sitesLists)
      for (const disabled of [[], ['demo'], ['zendesk']])
        for (const url of urls) {
          const values = settings({ 'sites.custom': custom as CustomSite[], 'sites.disabled': disabled });
          const full = chooseSite(url, values).enabled;
          if (!full) disabledSomewhere++;
          expect(siteEnabled(url, values), `${url} with ${JSON.stringify([custom, disabled])}`).toBe(full);
        }
    expect(disabledSomewhere).toBeGreaterThan(0);
  });
});
