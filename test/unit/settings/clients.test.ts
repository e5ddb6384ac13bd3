import { describe, expect, it } from 'vitest';
import { parseClientPack } from '../../../src/core/settings/client-pack.ts';
import { type Client, clientForUrl } from '../../../src/core/settings/clients.ts';
import { parseManaged } from '../../../src/core/settings/managed.ts';

const acme: Client = { id: 'acme', name: 'Acme', matches: [{ host: 'acme.zendesk.com' }] };
const anyFreshdesk: Client = { id: 'fd', name: 'Any Freshdesk', matches: [{ host: '*.freshdesk.com' }] };
const globexOnFreshdesk: Client = {
  id: 'globex',
  name: 'Globex',
  matches: [{ host: 'support.freshdesk.com', path: '/a/tickets/globex-*' }],
};
const clients = [acme, anyFreshdesk, globexOnFreshdesk];

describe('choosing the client from the helpdesk URL', () => {
  it('matches hosts exactly and with wildcards, case-insensitively', () => {
    expect(clientForUrl(clients, 'https://acme.zendesk.com/agent/tickets/1')?.id).toBe('acme');
    expect(clientForUrl(clients, 'https://ACME.zendesk.com/')?.id).toBe('acme');
    expect(clientForUrl(clients, 'https://other.freshdesk.com/a/tickets/2')?.id).toBe('fd');
    expect(clientForUrl(clients, 'https://evilacme.zendesk.com/')).toBeUndefined();
    expect(clientForUrl(clients, 'https://acme.zendesk.com.evil.example/')).toBeUndefined();
  });

  it('prefers the most specific pattern: a path beats a bare host', () => {
    expect(clientForUrl(clients, 'https://support.freshdesk.com/a/tickets/globex-17')?.id).toBe('globex');
    expect(clientForUrl(clients, 'https://support.freshdesk.com/a/tickets/17')?.id).toBe('fd');
  });

  it('matches ports when the pattern names one', () => {
    const local: Client = { id: 'demo', name: 'Demo', matches: [{ host: '127.0.0.1:*' }] };
    expect(clientForUrl([local], 'http://127.0.0.1:5178/agent')?.id).toBe('demo');
    expect(clientForUrl([local], 'http://127.0.0.1/agent')).toBeUndefined();
  });

  it('returns nothing for an unparsable URL', () => {
    expect(clientForUrl(clients, 'not a url')).toBeUndefined();
  });
});

describe('managed policy parsing', () => {
  it('keeps the good entries and reports each bad one with its path', () => {
    const managed = parseManaged({
      settings: { enabled: false },
      locked: ['enabled', 3],
      clients: [
        { id: 'acme', name: 'Acme', matches: [{ host: 'acme.zendesk.com' }] },
        { id: 'Bad Id', name: '', matches: [{ host: 'x' }] },
      ],
    });
    expect(managed.layer).toEqual({ values: { enabled: false }, locked: ['enabled'] });
    expect(managed.clients.map((c) => c.id)).toEqual(['acme']);
    expect(managed.errors).toEqual([
      '/locked/1: expected a setting key',
      expect.stringMatching(/^\/clients\/1\/id: /),
      expect.stringMatching(/^\/clients\/1\/name: /),
    ]);
  });

  it('treats a missing policy as empty and a malformed one as an error', () => {
    expect(parseManaged(undefined).errors).toEqual([]);
    expect(parseManaged([1, 2]).errors).toEqual(['managed policy: expected an object']);
  });
});

describe('client packs', () => {
  it('accepts a well-formed pack and fills defaults', () => {
    const parsed = parseClientPack({ format: 'deskmate-client-pack', version: 1, client: acme });
    expect(parsed).toEqual({
      ok: true,
      value: { format: 'deskmate-client-pack', version: 1, client: acme, settings: {}, locked: [] },
    });
  });

  it('rejects a malformed pack with the path of every error', () => {
    const parsed = parseClientPack({
      format: 'deskmate-client-pack',
      version: 2,
      client: { id: 'acme', matches: [{ path: '/x' }] },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => error.path)).toEqual([
      '/version',
      '/client/name',
      '/client/matches/0/host',
    ]);
  });
});
