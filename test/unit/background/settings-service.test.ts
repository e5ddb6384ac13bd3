import { describe, expect, it } from 'vitest';
import { demoPacks } from '../../../src/background/demo-seed.ts';
import { SettingsService, STORAGE_KEYS } from '../../../src/background/settings-service.ts';
import { memoryStorage } from './memory-storage.ts';

/** The demo clients, as a demo build seeds them for the demo helpdesk on 127.0.0.1:5178. */
const DEMO_PACKS = demoPacks('127.0.0.1:5178');

function service(managed: Record<string, unknown> | Error = {}) {
  const local = memoryStorage();
  const session = memoryStorage();
  const settings = new SettingsService({
    local,
    session,
    readManaged: async () => {
      if (managed instanceof Error) throw managed;
      return managed;
    },
  });
  return { settings, local, session };
}

describe('the settings service', () => {
  it('chooses the client from the URL, and a per-tab override beats it until cleared', async () => {
    const { settings } = service();
    for (const pack of DEMO_PACKS) await settings.importClientPack(pack);
    expect((await settings.contextFor(1, 'http://127.0.0.1:5178/agent/tickets/1')).client?.id).toBe(
      'northwind',
    );
    expect((await settings.contextFor(1, 'http://127.0.0.1:5178/contoso/tickets/1')).client?.id).toBe(
      'contoso',
    );

    await settings.switchTabClient(1, 'contoso');
    const overridden = await settings.contextFor(1, 'http://127.0.0.1:5178/agent/tickets/1');
    expect(overridden.client?.id).toBe('contoso');
    expect(overridden.clientSource).toBe('override');
    expect((await settings.contextFor(2, 'http://127.0.0.1:5178/agent/tickets/1')).client?.id).toBe(
      'northwind',
    );

    await settings.switchTabClient(1, null);
    expect((await settings.contextFor(1, 'http://127.0.0.1:5178/agent/tickets/1')).clientSource).toBe('url');
    await expect(settings.switchTabClient(1, 'nobody')).rejects.toThrow('no client "nobody"');
  });

  it('resolves a client pack lock for that client only', async () => {
    const { settings } = service();
    for (const pack of DEMO_PACKS) await settings.importClientPack(pack);
    await settings.write('agent', 'clocks.idleThresholdSeconds', 30);
    expect((await settings.resolve('northwind')).values['clocks.idleThresholdSeconds']).toBe(120);
    expect((await settings.resolve('contoso')).values['clocks.idleThresholdSeconds']).toBe(30);
  });

  it('refuses writes that a lock, the role or the schema forbids, and stores nothing then', async () => {
    const { settings, local } = service({ settings: { enabled: true }, locked: ['enabled'] });
    await expect(settings.write('agent', 'enabled', false)).rejects.toThrow(
      /locked by your IT administrator/,
    );
    await expect(settings.write('agent', 'clocks.idleThresholdSeconds', 5)).rejects.toThrow(
      /clocks.idleThresholdSeconds/,
    );
    await expect(settings.write('qaLead', 'agent.name', 'x', 'acme')).rejects.toThrow(
      /not set by your QA lead/,
    );
    await expect(settings.write('qaLead', 'clocks.idleThresholdSeconds', 90)).rejects.toThrow(
      /clientId is required/,
    );
    await expect(settings.write('agent', 'nope', 1)).rejects.toThrow(/unknown setting/);
    expect(local.data[STORAGE_KEYS.agent]).toBeUndefined();
  });

  it('writes, reads back and clears an agent value', async () => {
    const { settings } = service();
    await settings.write('agent', 'agent.name', 'Sam');
    expect((await settings.resolve(null)).values['agent.name']).toBe('Sam');
    await settings.write('agent', 'agent.name', undefined);
    expect((await settings.resolve(null)).origins['agent.name']).toEqual({ source: 'default' });
  });

  it('keeps the last managed policy seen this session when the policy cannot be read', async () => {
    const { settings, session } = service(new Error('Managed storage manifest not found'));
    session.data[STORAGE_KEYS.managedCache] = { settings: { 'agent.name': 'cached' } };
    expect((await settings.resolve(null)).values['agent.name']).toBe('cached');
  });

  it('refuses a bad client pack whole, naming each problem', async () => {
    const { settings, local } = service();
    await expect(
      settings.importClientPack({ ...DEMO_PACKS[0], settings: { enabled: 'sometimes', 'x.y': 1 } }),
    ).rejects.toThrow(/"enabled" ignored[\s\S]*unknown setting "x.y"/);
    await expect(settings.importClientPack({ format: 'zip' })).rejects.toThrow(/\/format/);
    expect(local.data[STORAGE_KEYS.clientPacks]).toBeUndefined();
  });

  it('lets IT own client definitions: no local copy, no pack, no removal', async () => {
    const { settings } = service({
      clients: [{ id: 'northwind', name: 'Northwind (IT)', matches: [{ host: 'nw.example' }] }],
    });
    await expect(settings.importClientPack(DEMO_PACKS[0])).rejects.toThrow(
      /defined by your IT administrator/,
    );
    await expect(settings.saveLocalClient({ id: 'northwind', name: 'Mine', matches: [] })).rejects.toThrow(
      /IT administrator/,
    );
    await expect(settings.removeClient('northwind')).rejects.toThrow(/cannot be removed/);
    expect((await settings.clients()).map((c) => `${c.id}:${c.origin}`)).toEqual(['northwind:managed']);
  });

  it('describes each setting with who may change it', async () => {
    const { settings } = service({ settings: { 'agent.name': 'IT name' }, locked: ['enabled'] });
    const { settings: described } = await settings.describe(null);
    const enabled = described.find((s) => s.key === 'enabled');
    expect(enabled?.agentBlockedBecause).toMatch(/locked/);
    const name = described.find((s) => s.key === 'agent.name');
    expect(name).toMatchObject({ value: 'IT name', origin: { source: 'managed' } });
    expect(name?.agentBlockedBecause).toBeUndefined();
  });

  it('keeps the last valid managed guard.policy in force across a worker restart, and shows the error', async () => {
    const strict = { version: 1, types: { CREDIT_CARD: { action: 'block', override: 'never' } } };
    let managed: Record<string, unknown> = { settings: { 'guard.policy': strict }, locked: ['guard.policy'] };
    const local = memoryStorage();
    const session = memoryStorage();
    // The worker's own store (IndexedDB of the extension origin in the browser), not storage.local.
    const memory = memoryStorage();
    const start = () => new SettingsService({ local, session, memory, readManaged: async () => managed });

    const worker = start();
    expect((await worker.resolve(null)).values['guard.policy']).toEqual(strict);

    // IT pushes a policy with a typo: the browser accepts it (it is an object), Deskmate's schema does not.
    managed = {
      settings: { 'guard.policy': { version: 1, types: { CREDIT_CARD: { action: 'allow' } } } },
      locked: ['guard.policy'],
    };
    worker.invalidate();
    expect((await worker.resolve('acme')).values['guard.policy']).toEqual(strict);
    const described = await worker.describe(null);
    expect(described.warnings).toEqual([
      expect.stringMatching(/"guard.policy" is invalid.*last valid value stays in force/s),
    ]);
    expect(described.settings.find((s) => s.key === 'guard.policy')?.origin).toMatchObject({
      source: 'managed',
      lastValid: true,
    });

    // The worker is stopped and started again: it still holds the last valid policy.
    const restarted = start();
    expect((await restarted.resolve(null)).values['guard.policy']).toEqual(strict);
    // Nothing of this is written where content scripts can read it.
    expect(JSON.stringify(local.data)).not.toContain('CREDIT_CARD');
  });
});
