/**
 * Every pattern that comes from settings, client packs or policies either runs on the linear-time engine
 * (re2js) or is refused when validated, with the JSON path of the bad value. The browser's own RegExp backtracks:
 * `(a+)+$` over a URL the page chose, or a glob with many stars (`.*a.*a.*a…`), freezes the page or the worker.
 * Tests count what reaches the backtracking engine (nothing may) and never time anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsService } from '../../../src/background/settings-service.ts';
import { chooseSite } from '../../../src/content/runtime/site-choice.ts';
import { compileMatchPattern } from '../../../src/content/sites/adapter.ts';
import { readTicketId, urlLooksLikeTicket } from '../../../src/content/sites/read.ts';
import { compileLinearPattern } from '../../../src/core/linear-pattern.ts';
import { evaluate, validateRedactionPolicy } from '../../../src/core/pii/index.ts';
import { CLIENT_PACK_FORMAT } from '../../../src/core/settings/client-pack.ts';
import { clientForUrl } from '../../../src/core/settings/clients.ts';
import {
  defaultValues,
  findSetting,
  type SettingValues,
  validateSetting,
} from '../../../src/core/settings/definitions.ts';
import { globMatches } from '../../../src/core/settings/url-glob.ts';
import { memoryStorage } from '../background/memory-storage.ts';

const CATASTROPHIC = '(a+)+$';
/** A glob whose regular-expression form (`.*a.*a…b`) backtracks polynomially with 12 stars. */
const STARRY = `/${'*a'.repeat(11)}*b`;
const LONG = 'a'.repeat(5000);

const NativeRegExp = globalThis.RegExp;
/** Sources given to the browser's RegExp constructor while counting. */
let compiled: string[] = [];
function countNativeRegExps(): void {
  compiled = [];
  const record = (args: unknown[]) =>
    compiled.push(String(args[0] instanceof NativeRegExp ? args[0].source : args[0]));
  globalThis.RegExp = new Proxy(NativeRegExp, {
    construct(target, args, newTarget) {
      record(args);
      return Reflect.construct(target, args, newTarget);
    },
    apply(target, self, args) {
      record(args);
      return Reflect.apply(target, self, args);
    },
  });
}
afterEach(() => {
  globalThis.RegExp = NativeRegExp;
});
/** Native regular expressions built from a setting: the pattern itself, or a glob turned into `.*a.*a…`. */
const fromSettings = () => compiled.filter((source) => source.includes('a+)+') || source.includes('.*a.*a'));

const settings = (overrides: Partial<SettingValues>): SettingValues => ({ ...defaultValues(), ...overrides });

describe('patterns from settings, packs and policies', () => {
  it('a custom site ticketPath runs on re2js in the page: a catastrophic pattern over a hostile URL', () => {
    const site = {
      id: 'crm',
      name: 'CRM',
      matches: ['https://crm.example/*'],
      ticketPath: `/t/(${CATASTROPHIC.slice(0, -1)})$`,
    };
    const url = `https://crm.example/t/${LONG}!`;
    countNativeRegExps();
    const choice = chooseSite(url, settings({ 'sites.custom': [site] }), compileLinearPattern);
    expect(choice.adapter.id).toBe('custom:crm');
    expect(choice.adapter.ticketPath).toBeDefined();
    // Counted before anything runs over the hostile URL: nothing of the setting reached the backtracking engine.
    expect(fromSettings()).toEqual([]);
    expect(readTicketId(choice.adapter, url, {} as ParentNode)).toBeUndefined();
    expect(urlLooksLikeTicket(choice.adapter, url)).toBe(false);
    expect(readTicketId(choice.adapter, `https://crm.example/t/${LONG}`, {} as ParentNode)).toBe(LONG);
    expect(fromSettings()).toEqual([]);
  });

  it('a custom site ticketPath re2js cannot run is refused when settings are validated, with its path', () => {
    const definition = findSetting('sites.custom')!;
    const secretish = 'zq-SECRET-77';
    const result = validateSetting(definition, [
      { id: 'crm', name: 'CRM', matches: ['https://crm.example/*'], ticketPath: '/cases/(\\d+)' },
      {
        id: 'crm2',
        name: 'CRM 2',
        matches: ['https://crm2.example/*'],
        ticketPath: `(?<=${secretish})(\\d+)`,
      },
      { id: 'crm3', name: 'CRM 3', matches: ['https://crm3.example/*'], ticketPath: '(\\d+)\\1' },
    ]);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((error) => error.path)).toEqual(['/1/ticketPath', '/2/ticketPath']);
    for (const error of errors) {
      expect(error.message).toMatch(/^pattern refused \(it must run in linear time on RE2 syntax\): /);
      // The message says why, never quoting the pattern.
      expect(error.message).not.toContain(secretish);
      expect(error.message).not.toContain('\\1');
    }
  });

  it('a client pack with such a pattern is refused whole, naming the setting and the path', async () => {
    const service = new SettingsService({
      local: memoryStorage(),
      session: memoryStorage(),
      readManaged: async () => ({}),
    });
    const pack = {
      format: CLIENT_PACK_FORMAT,
      version: 1 as const,
      client: { id: 'acme', name: 'Acme', matches: [{ host: 'acme.example' }] },
      settings: {
        'sites.custom': [
          { id: 'crm', name: 'CRM', matches: ['https://crm.example/*'], ticketPath: '(?=x)(\\d+)' },
        ],
      },
      locked: [],
    };
    await expect(service.importClientPack(pack)).rejects.toThrow(/sites\.custom.*\/0\/ticketPath/s);
  });

  it('a client URL glob with many stars matches without building a regular expression', () => {
    const clients = [
      { id: 'acme', name: 'Acme', matches: [{ host: 'acme.example', path: STARRY }] },
      { id: 'help', name: 'Help', matches: [{ host: 'HELP.*' }] },
    ];
    countNativeRegExps();
    expect(clientForUrl(clients, `https://acme.example/${'a'.repeat(11)}b`)?.id).toBe('acme');
    // Counted before anything runs over a hostile URL.
    expect(fromSettings()).toEqual([]);
    // The worker picks the client of every message's tab from its URL: a hostile page chooses that URL.
    expect(clientForUrl(clients, `https://acme.example/${LONG}`)?.id).toBe(undefined);
    expect(clientForUrl(clients, `https://acme.example/${LONG}b`)?.id).toBe('acme');
    expect(clientForUrl(clients, `https://help.example/${LONG}`)?.id).toBe('help');
    expect(fromSettings()).toEqual([]);
    expect(compiled).toEqual([]);
  });

  it('a custom site match pattern with many stars is tested without a regular expression', () => {
    const pattern = `https://crm.example${STARRY}`;
    countNativeRegExps();
    const test = compileMatchPattern(pattern);
    expect(test.test(`https://crm.example/${'a'.repeat(11)}b`)).toBe(true);
    expect(fromSettings()).toEqual([]);
    expect(test.test(`https://crm.example/${LONG}`)).toBe(false);
    expect(test.test(`https://crm.example:8443/${LONG}b`)).toBe(true);
    const site = { id: 'crm', name: 'CRM', matches: [pattern] };
    expect(chooseSite(`https://crm.example/${LONG}`, settings({ 'sites.custom': [site] })).adapter.id).toBe(
      'generic',
    );
    expect(fromSettings()).toEqual([]);
  });

  it('policy patterns (custom detectors, allow-list) run on re2js, and non-linear ones are refused with the path', () => {
    const policy = {
      version: 1,
      customDetectors: [{ id: 'runs', type: 'RUN', pattern: CATASTROPHIC, score: 0.9 }],
      allow: [{ pattern: CATASTROPHIC }],
    };
    const valid = validateRedactionPolicy(policy);
    expect(valid.ok).toBe(true);
    countNativeRegExps();
    if (valid.ok) expect(evaluate(`${LONG}!`, valid.policy)).toEqual([]);
    expect(fromSettings()).toEqual([]);

    const refused = validateRedactionPolicy({
      version: 1,
      customDetectors: [{ id: 'back', type: 'RUN', pattern: '(a)\\1', score: 0.9 }],
      allow: [{ pattern: '(?<=a)b' }],
    });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.errors.map((error) => error.path)).toEqual([
      '/customDetectors/0/pattern',
      '/allow/0/pattern',
    ]);
    for (const error of refused.ok ? [] : refused.errors) {
      expect(error.message).not.toContain('\\1');
      expect(error.message).not.toContain('(?<=');
    }
  });
});

describe('URL globs', () => {
  it.each([
    ['/agent/*', '/agent/tickets/1', true],
    ['/agent/*', '/agents', false],
    ['*', '', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['a*a', 'a', false],
    ['*.zendesk.com', 'acme.zendesk.com', true],
    ['*.zendesk.com', 'zendesk.com.evil.example', false],
    ['/x*y*z', '/xzyz', true],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });

  it('agrees with the regular expression it replaces on every short pattern and text', () => {
    const alphabet = ['a', 'b', '*'];
    const words = (length: number): string[] =>
      length === 0 ? [''] : words(length - 1).flatMap((word) => alphabet.map((char) => word + char));
    const patterns = [0, 1, 2, 3, 4].flatMap(words);
    const texts = [0, 1, 2, 3, 4].flatMap(words).filter((text) => !text.includes('*'));
    for (const pattern of patterns) {
      const regex = new NativeRegExp(`^${pattern.split('*').join('.*')}$`);
      for (const text of texts)
        expect(globMatches(pattern, text), `${pattern} ~ ${text}`).toBe(regex.test(text));
    }
  });
});
