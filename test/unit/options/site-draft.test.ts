/**
 * Options › Sites edits a site as a form: every field of a definition survives the form (draft → site → draft),
 * and each schema error lands next to the field it is about.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { customSiteSchemaWith } from '../../../src/core/settings/custom-site.ts';
import {
  draftFromSite,
  emptyDraft,
  errorsByField,
  fieldOfError,
  idFrom,
  siteErrorsFromRefusal,
  siteFromDraft,
} from '../../../src/options/sections/sites/draft.ts';
import { fullCustomSite } from '../../fixtures/custom-sites.ts';

describe('the custom site form', () => {
  it('round-trips every field of a definition', () => {
    // (false is what the form's checkboxes default to: a definition that says so is read back without it)
    const site = v.parse(customSiteSchemaWith(), {
      ...fullCustomSite('rt.acme.example'),
      adapter: 'zendesk',
      sendsOnEnter: true,
    });
    expect(siteFromDraft(draftFromSite(site))).toEqual(site);
  });

  it('leaves empty fields out, and reads one selector per line and comma-separated role values', () => {
    const draft = emptyDraft();
    draft.name = ' Acme CRM ';
    draft.id = 'acme-crm';
    draft.matches = 'https://crm.acme.example/*\n\n';
    draft.selectors.composer = '#reply\n  textarea.reply  \n';
    draft.roleAttribute = 'data-by';
    draft.roleCustomer = 'contact, $requesterEmail';
    expect(siteFromDraft(draft)).toEqual({
      id: 'acme-crm',
      name: 'Acme CRM',
      matches: ['https://crm.acme.example/*'],
      selectors: { composer: ['#reply', 'textarea.reply'] },
      messageRole: { attribute: 'data-by', customer: ['contact', '$requesterEmail'], agent: [] },
    });
  });

  it('makes an id from a name or host', () => {
    expect(idFrom('Acme RT (EU)')).toBe('acme-rt-eu');
    expect(idFrom('rt.acme.example')).toBe('rt-acme-example');
  });

  it('puts each error next to its field, with the line it is on', () => {
    expect(fieldOfError({ path: '/selectors/composer/1', message: 'not a valid CSS selector' })).toEqual({
      field: 'selectors.composer',
      message: 'line 2: not a valid CSS selector',
    });
    expect(fieldOfError({ path: '/matches/0', message: 'bad' })).toEqual({
      field: 'matches',
      message: 'line 1: bad',
    });
    expect(fieldOfError({ path: '/messageRole/customer/2', message: 'too long' })).toEqual({
      field: 'messageRole.customer',
      message: 'value 3: too long',
    });
    expect(fieldOfError({ path: '/requiredOn/0/required/1', message: 'x' })).toEqual({
      field: 'requiredOn.0.required',
      message: 'item 2: x',
    });
    expect(fieldOfError({ path: '/', message: 'expected Object' }).field).toBe('site');
    const grouped = errorsByField([
      { path: '/name', message: 'a name agents recognise' },
      { path: '/ticketUrl', message: 'needs a capturing group ( … ) around the ticket id' },
    ]);
    expect([...grouped.keys()]).toEqual(['name', 'ticketUrl']);
  });

  it('reads the worker’s refusal of the whole list back to the site being saved', () => {
    const refusal =
      '"sites.custom" refused:\n/sites.custom/1/selectors/x: unknown field\n/sites.custom/0/id: bad';
    expect(siteErrorsFromRefusal(refusal, 1)).toEqual([{ path: '/selectors/x', message: 'unknown field' }]);
  });
});
