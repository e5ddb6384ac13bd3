import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { adapterFromCustomSite, chooseSite } from '../../../src/content/runtime/site-choice.ts';
import { compileLinearPattern } from '../../../src/core/linear-pattern.ts';
import { customSiteSchema } from '../../../src/core/settings/custom-site.ts';
import { defaultValues, type SettingValues } from '../../../src/core/settings/definitions.ts';

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

describe('choosing the site adapter for a page', () => {
  it('uses a built-in adapter unless Deskmate is turned off on that helpdesk', () => {
    expect(chooseSite('http://127.0.0.1:5178/agent/tickets/1', settings())).toMatchObject({
      adapter: { id: 'demo' },
      enabled: true,
    });
    expect(
      chooseSite('http://127.0.0.1:5178/agent/tickets/1', settings({ 'sites.disabled': ['demo'] })).enabled,
    ).toBe(false);
  });

  it('uses a custom site definition for an in-house CRM, with its selectors over the generic ones', () => {
    const url = 'https://crm.acme.internal/cases/77';
    // Without the pattern compiler (loaded on demand in the page), the choice says it needs it.
    expect(chooseSite(url, settings({ 'sites.custom': [crm] }))).toMatchObject({ needsPatterns: true });
    const choice = chooseSite(url, settings({ 'sites.custom': [crm] }), compileLinearPattern);
    expect(choice.needsPatterns).toBe(false);
    expect(choice.adapter.id).toBe('custom:acme-crm');
    expect(choice.adapter.selectors.composer).toEqual(['#reply']);
    expect(choice.adapter.selectors.send).toEqual(['button[type="submit"]', 'input[type="submit"]']);
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
    const result = v.safeParse(customSiteSchema, { id: 'Bad!', name: '', matches: ['crm.acme.internal'] });
    expect(result.success).toBe(false);
    expect(result.issues?.map((issue) => issue.path?.map((p) => p.key).join('/'))).toEqual([
      'id',
      'name',
      'matches/0',
    ]);
  });
});
