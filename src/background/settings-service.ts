/**
 * Owns settings and clients in the worker: reads the four layers from storage (managed policy, client packs,
 * QA lead and agent layers), resolves them per client, and decides which client a tab belongs to.
 * Storage is the source of truth and the cache is dropped on every storage change, so a policy pushed by IT or
 * a setting changed in another window applies at once, and a restarted worker picks up exactly where it was.
 * It also remembers the last valid value each layer gave each key (see layers.ts), in the worker's own store,
 * so a value that turns invalid (IT's typo, a pack or stored layer a newer schema refuses) keeps the previous
 * one in force, across worker restarts too, instead of falling through to a weaker default.
 */
import * as v from 'valibot';
import { pasteSitesFor } from '../core/pii/policy/paste-sites.ts';
import { type ClientPack, parseClientPack } from '../core/settings/client-pack.ts';
import { type Client, clientForUrl, clientSchema } from '../core/settings/clients.ts';
import {
  atSetting,
  findSetting,
  type SettingKey,
  settingDefinitions,
  validateSetting,
} from '../core/settings/definitions.ts';
import {
  LAYERS,
  type LastValid,
  type LayerName,
  type ResolvedSettings,
  resolveSettings,
  type SettingsLayer,
  whyNotWritable,
} from '../core/settings/layers.ts';
import { EMPTY_MANAGED, type ManagedConfig, parseManaged } from '../core/settings/managed.ts';
import { formatErrors, safeKey, toValidationErrors } from '../core/validation.ts';
import type {
  ClientSummary,
  PasteGuardContext,
  SettingDescription,
  TabContext,
} from '../messaging/protocol.ts';

export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export const STORAGE_KEYS = {
  agent: 'settings.agent',
  qaLead: 'settings.qaLead',
  localClients: 'clients.local',
  clientPacks: 'clients.packs',
  managedCache: 'managed.cache',
  /** In `memory`: per layer (and client), the last valid value of each key. */
  lastValid: 'settings.lastValid',
  tabClient: (tabId: number) => `tab.${tabId}.client`,
} as const;

interface Snapshot {
  managed: ManagedConfig;
  agent: SettingsLayer;
  qaLead: Record<string, SettingsLayer>;
  localClients: Client[];
  packs: Record<string, ClientPack>;
}

export interface SettingsServiceOptions {
  local: StorageAreaLike;
  /** Per-session state (tab overrides, the managed cache); not readable by content scripts. */
  session: StorageAreaLike;
  /** Reads enterprise policy; may be slow at browser start and may throw where no policy exists (Firefox). */
  readManaged: () => Promise<Record<string, unknown>>;
  /**
   * Where the last valid value of each layer's keys is kept: only the worker may read it (in the browser, the
   * extension's IndexedDB; content scripts can read storage.local). Without it, the memory lasts as long as
   * this object.
   */
  memory?: StorageAreaLike;
}

/** Last valid values by layer instance: `managed`, `agent`, `clientPack:<client id>`, `qaLead:<client id>`. */
type LastValidStore = Record<string, Record<string, unknown>>;

export class SettingsService {
  private snapshot: Promise<Snapshot> | undefined;
  /** Loaded once per worker start; outlives `invalidate()`, which is exactly when it is needed. */
  private lastValid: Promise<LastValidStore> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: SettingsServiceOptions) {}

  /** Forget cached state: call on every storage change. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private load(): Promise<Snapshot> {
    this.snapshot ??= this.read().catch((error) => {
      this.snapshot = undefined;
      throw error;
    });
    return this.snapshot;
  }

  private async read(): Promise<Snapshot> {
    const stored = await this.options.local.get([
      STORAGE_KEYS.agent,
      STORAGE_KEYS.qaLead,
      STORAGE_KEYS.localClients,
      STORAGE_KEYS.clientPacks,
    ]);
    const localClients = Array.isArray(stored[STORAGE_KEYS.localClients])
      ? (stored[STORAGE_KEYS.localClients] as unknown[]).flatMap((raw) => {
          const parsed = v.safeParse(clientSchema, raw);
          return parsed.success ? [parsed.output] : [];
        })
      : [];
    const packs: Record<string, ClientPack> = {};
    for (const raw of Object.values((stored[STORAGE_KEYS.clientPacks] as Record<string, unknown>) ?? {})) {
      const parsed = parseClientPack(raw);
      if (parsed.ok) packs[parsed.value.client.id] = parsed.value;
    }
    return {
      managed: await this.readManagedConfig(),
      agent: asLayer(stored[STORAGE_KEYS.agent]),
      qaLead: Object.fromEntries(
        Object.entries((stored[STORAGE_KEYS.qaLead] as Record<string, unknown>) ?? {}).map(([id, layer]) => [
          id,
          asLayer(layer),
        ]),
      ),
      localClients,
      packs,
    };
  }

  private async readManagedConfig(): Promise<ManagedConfig> {
    try {
      const raw = await this.options.readManaged();
      await this.options.session.set({ [STORAGE_KEYS.managedCache]: raw });
      return parseManaged(raw);
    } catch {
      // No policy for this extension (Firefox throws when none is installed): fall back to the session cache,
      // so a worker restarted mid-session keeps the last policy it saw.
      const cached = await this.options.session.get(STORAGE_KEYS.managedCache);
      return cached[STORAGE_KEYS.managedCache]
        ? parseManaged(cached[STORAGE_KEYS.managedCache])
        : EMPTY_MANAGED;
    }
  }

  async clients(): Promise<Array<Client & { origin: ClientSummary['origin'] }>> {
    const snapshot = await this.load();
    const byId = new Map<string, Client & { origin: ClientSummary['origin'] }>();
    // Later sources do not replace earlier ones: IT's definition of a client wins over a pack's or a local one.
    for (const client of snapshot.managed.clients) byId.set(client.id, { ...client, origin: 'managed' });
    for (const pack of Object.values(snapshot.packs)) {
      if (!byId.has(pack.client.id)) byId.set(pack.client.id, { ...pack.client, origin: 'clientPack' });
    }
    for (const client of snapshot.localClients) {
      if (!byId.has(client.id)) byId.set(client.id, { ...client, origin: 'local' });
    }
    return [...byId.values()];
  }

  async resolve(clientId: string | null): Promise<ResolvedSettings> {
    const snapshot = await this.load();
    const memory = await this.loadLastValid();
    const pack = clientId ? snapshot.packs[clientId] : undefined;
    const scope: Record<LayerName, string> = {
      managed: 'managed',
      clientPack: `clientPack:${clientId}`,
      qaLead: `qaLead:${clientId}`,
      agent: 'agent',
    };
    const remembered: LastValid = {};
    for (const layer of LAYERS) if (memory[scope[layer]]) remembered[layer] = memory[scope[layer]];
    const resolved = resolveSettings(
      {
        managed: snapshot.managed.layer,
        clientPack: pack ? { values: pack.settings, locked: pack.locked } : undefined,
        qaLead: clientId ? snapshot.qaLead[clientId] : undefined,
        agent: snapshot.agent,
      },
      remembered,
    );
    let changed = false;
    for (const layer of LAYERS) {
      const values = resolved.lastValid[layer];
      if (!values || JSON.stringify(values) === JSON.stringify(memory[scope[layer]] ?? {})) continue;
      memory[scope[layer]] = values;
      changed = true;
    }
    if (changed) await this.saveLastValid(memory);
    return resolved;
  }

  private loadLastValid(): Promise<LastValidStore> {
    this.lastValid ??= (async () => {
      try {
        const stored = (await this.options.memory?.get(STORAGE_KEYS.lastValid))?.[STORAGE_KEYS.lastValid];
        if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return {};
        return Object.fromEntries(
          Object.entries(stored).filter(
            (entry): entry is [string, Record<string, unknown>] =>
              typeof entry[1] === 'object' && entry[1] !== null && !Array.isArray(entry[1]),
          ),
        );
      } catch {
        // An unreadable memory only loses the fallback; the current layers still resolve.
        return {};
      }
    })();
    return this.lastValid;
  }

  /** Writes are chained so an older memory never lands after a newer one. */
  private saveLastValid(memory: LastValidStore): Promise<void> {
    const { memory: store } = this.options;
    if (!store) return Promise.resolve();
    this.saving = this.saving
      .then(() => store.set({ [STORAGE_KEYS.lastValid]: memory }))
      .catch(() => {
        // Kept in this worker's memory regardless; the next change tries to persist again.
      });
    return this.saving;
  }

  async contextFor(tabId: number | null, url: string | null): Promise<TabContext> {
    const clients = await this.clients();
    let client: (typeof clients)[number] | undefined;
    let clientSource: TabContext['clientSource'] = 'none';
    if (tabId !== null) {
      const key = STORAGE_KEYS.tabClient(tabId);
      const override = (await this.options.session.get(key))[key];
      client = clients.find((candidate) => candidate.id === override);
      if (client) clientSource = 'override';
    }
    if (!client && url) {
      client = clientForUrl(clients, url) as (typeof clients)[number] | undefined;
      if (client) clientSource = 'url';
    }
    const resolved = await this.resolve(client?.id ?? null);
    const pasteGuard = !client && url ? await this.pasteGuardFor(url, clients) : null;
    return {
      tabId,
      url,
      client: client ? summarize(client) : null,
      clientSource,
      settings: resolved.values,
      origins: resolved.origins,
      ...(pasteGuard ? { pasteGuard } : {}),
    };
  }

  /**
   * On a page that belongs to no client, the client whose policy guards pasting there (its `guard.pasteSites`):
   * the first such client by name when several list the site. Null when pasting there is not guarded.
   */
  async pasteGuardFor(
    url: string,
    clients?: Array<Client & { origin: ClientSummary['origin'] }>,
  ): Promise<PasteGuardContext | null> {
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return null;
    }
    const candidates = [...(clients ?? (await this.clients()))].sort((a, b) => a.name.localeCompare(b.name));
    for (const candidate of candidates) {
      const policy = (await this.resolve(candidate.id)).values['guard.policy'];
      if (policy && pasteSitesFor(policy, host).length > 0) return { client: summarize(candidate), policy };
    }
    return null;
  }

  /** Every paste site any client's policy lists (the paste guard's content script runs there, once granted). */
  async pasteSites(): Promise<string[]> {
    const sites = new Set<string>();
    for (const client of await this.clients())
      for (const site of (await this.resolve(client.id)).values['guard.policy']?.guard?.pasteSites ?? [])
        sites.add(site.toLowerCase());
    return [...sites].sort();
  }

  async switchTabClient(tabId: number, clientId: string | null): Promise<void> {
    const key = STORAGE_KEYS.tabClient(tabId);
    if (clientId === null) {
      await this.options.session.remove(key);
      return;
    }
    if (!(await this.clients()).some((client) => client.id === clientId))
      throw new Error(`no client "${safeKey(clientId)}"`);
    await this.options.session.set({ [key]: clientId });
  }

  async forgetTab(tabId: number): Promise<void> {
    await this.options.session.remove(STORAGE_KEYS.tabClient(tabId));
  }

  async write(layer: 'agent' | 'qaLead', key: string, value: unknown, clientId?: string): Promise<void> {
    if (layer === 'qaLead' && !clientId)
      throw new Error('a QA lead setting belongs to a client: clientId is required');
    const definition = findSetting(key);
    if (!definition) throw new Error(`unknown setting "${safeKey(key)}"`);
    const blocked = whyNotWritable(await this.resolve(clientId ?? null), key, layer);
    if (blocked) throw new Error(blocked);
    if (value !== undefined) {
      // A bad value is refused whole, with the path of each problem; the previous value stays in force.
      const checked = validateSetting(definition, value);
      if (!checked.ok) throw new Error(`"${key}" refused:\n${formatErrors(atSetting(key, checked.errors))}`);
    }
    const storageKey = layer === 'agent' ? STORAGE_KEYS.agent : STORAGE_KEYS.qaLead;
    const stored = (await this.options.local.get(storageKey))[storageKey];
    const update = (target: SettingsLayer): SettingsLayer => {
      const values = { ...target.values };
      if (value === undefined) delete values[key];
      else values[key] = value;
      return { ...target, values };
    };
    const next =
      layer === 'agent'
        ? update(asLayer(stored))
        : {
            ...(stored as Record<string, SettingsLayer>),
            [clientId!]: update(asLayer((stored as Record<string, unknown>)?.[clientId!])),
          };
    await this.options.local.set({ [storageKey]: next });
    this.invalidate();
  }

  async describe(
    clientId: string | null,
  ): Promise<{ settings: SettingDescription[]; warnings: string[]; managedErrors: string[] }> {
    const snapshot = await this.load();
    const resolved = await this.resolve(clientId);
    const settings = settingDefinitions.map((definition): SettingDescription => {
      const key = definition.key as SettingKey;
      const agentBlocked = whyNotWritable(resolved, key, 'agent');
      const qaBlocked = clientId
        ? whyNotWritable(resolved, key, 'qaLead')
        : 'choose a client to set QA lead values';
      return {
        key,
        title: definition.title,
        description: definition.description,
        group: definition.group,
        value: resolved.values[key],
        origin: resolved.origins[key],
        ...(agentBlocked ? { agentBlockedBecause: agentBlocked } : {}),
        ...(qaBlocked ? { qaLeadBlockedBecause: qaBlocked } : {}),
      };
    });
    return { settings, warnings: resolved.warnings, managedErrors: snapshot.managed.errors };
  }

  async saveLocalClient(raw: unknown): Promise<ClientSummary> {
    const parsed = v.safeParse(clientSchema, raw);
    if (!parsed.success) throw new Error(formatErrors(toValidationErrors(parsed.issues)));
    const client = parsed.output;
    const existing = (await this.clients()).find((candidate) => candidate.id === client.id);
    if (existing && existing.origin !== 'local') {
      throw new Error(
        `client "${safeKey(client.id)}" is defined by ${existing.origin === 'managed' ? 'your IT administrator' : 'a client pack'}`,
      );
    }
    const snapshot = await this.load();
    const others = snapshot.localClients.filter((candidate) => candidate.id !== client.id);
    await this.options.local.set({ [STORAGE_KEYS.localClients]: [...others, client] });
    this.invalidate();
    return summarize({ ...client, origin: 'local' });
  }

  async removeClient(clientId: string): Promise<boolean> {
    const snapshot = await this.load();
    if (snapshot.managed.clients.some((client) => client.id === clientId)) {
      throw new Error(
        `client "${safeKey(clientId)}" is defined by your IT administrator and cannot be removed here`,
      );
    }
    const localClients = snapshot.localClients.filter((client) => client.id !== clientId);
    const { [clientId]: removedPack, ...packs } = snapshot.packs;
    const removed = localClients.length !== snapshot.localClients.length || removedPack !== undefined;
    await this.options.local.set({
      [STORAGE_KEYS.localClients]: localClients,
      [STORAGE_KEYS.clientPacks]: packs,
    });
    this.invalidate();
    return removed;
  }

  async importClientPack(raw: unknown): Promise<ClientSummary> {
    const parsed = parseClientPack(raw);
    if (!parsed.ok) throw new Error(`invalid client pack:\n${formatErrors(parsed.errors)}`);
    const pack = parsed.value;
    if ((await this.load()).managed.clients.some((client) => client.id === pack.client.id)) {
      throw new Error(`client "${safeKey(pack.client.id)}" is defined by your IT administrator`);
    }
    // Validate the pack's settings now, so a bad pack is refused whole instead of half-applying.
    const problems = resolveSettings({ clientPack: { values: pack.settings, locked: pack.locked } }).warnings;
    if (problems.length) throw new Error(`invalid client pack:\n${problems.join('\n')}`);
    const stored = (await this.options.local.get(STORAGE_KEYS.clientPacks))[STORAGE_KEYS.clientPacks] ?? {};
    await this.options.local.set({
      [STORAGE_KEYS.clientPacks]: { ...(stored as object), [pack.client.id]: pack },
    });
    this.invalidate();
    return summarize({ ...pack.client, origin: 'clientPack' });
  }
}

function asLayer(raw: unknown): SettingsLayer {
  if (!raw || typeof raw !== 'object') return { values: {} };
  const layer = raw as Partial<SettingsLayer>;
  return {
    values: layer.values && typeof layer.values === 'object' ? layer.values : {},
    ...(Array.isArray(layer.locked) ? { locked: layer.locked.filter((k) => typeof k === 'string') } : {}),
  };
}

function summarize(client: Client & { origin: ClientSummary['origin'] }): ClientSummary {
  return {
    id: client.id,
    name: client.name,
    origin: client.origin,
    ...(client.color ? { color: client.color } : {}),
  };
}
