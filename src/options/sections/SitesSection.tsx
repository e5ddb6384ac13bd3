/**
 * Where Deskmate runs: the built-in helpdesks (each can be turned off), and other sites an admin, QA lead or agent
 * defines completely here, without JSON (sites/SiteEditor.tsx): addresses, the ticket id, every selector with an
 * element picker on the open tab, which messages are the customer's, and what is required on which page. The
 * browser is asked for access to each site, and the page says what it answered — or that it did not.
 */
import { useMemo, useState } from 'preact/hooks';
import { builtInSites } from '../../content/sites/built-in.ts';
import type { CustomSite } from '../../core/settings/custom-site.ts';
import type { ValidationError } from '../../core/validation.ts';
import { request } from '../../messaging/client.ts';
import { browser, browserPatterns } from '../../platform/browser.ts';
import { ClientSelect, useClients } from '../../ui/clients.tsx';
import { useLive } from '../../ui/hooks.ts';
import { describeOrigin } from '../../ui/labels.ts';
import { ACCESS_TEXT, useAccess } from './sites/access.ts';
import { draftFromSite, emptyDraft, siteErrorsFromRefusal } from './sites/draft.ts';
import { SiteEditor } from './sites/SiteEditor.tsx';

type Role = 'agent' | 'qaLead';
/** Which site the editor is open on: a new one, or the index of an existing one. */
type Editing = { kind: 'new' } | { kind: 'existing'; index: number } | undefined;

export function SitesSection() {
  const [clientId, setClientId] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const clients = useClients();
  const [described] = useLive(() => request('settings.describe', clientId ? { clientId } : {}), clientId);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [editing, setEditing] = useState<Editing>();
  const [refusal, setRefusal] = useState<ValidationError[]>();
  const find = (key: string) =>
    described.state === 'ready' ? described.value.settings.find((s) => s.key === key) : undefined;
  const disabled = (find('sites.disabled')?.value as string[] | undefined) ?? [];
  const custom = (find('sites.custom')?.value as CustomSite[] | undefined) ?? [];
  const disabledBlocked = find('sites.disabled')?.agentBlockedBecause;
  const customSetting = find('sites.custom');
  const customBlocked =
    role === 'agent' ? customSetting?.agentBlockedBecause : customSetting?.qaLeadBlockedBecause;

  const write = async (key: string, value: unknown, done: string, asRole: Role = 'agent') => {
    setMessage(undefined);
    await request('settings.write', {
      layer: asRole,
      key,
      value,
      ...(asRole === 'qaLead' && clientId ? { clientId } : {}),
    });
    setMessage({ kind: 'ok', text: done });
  };
  const report = (error: unknown) => setMessage({ kind: 'error', text: (error as Error).message });

  const editingIndex = editing?.kind === 'existing' ? editing.index : custom.length;
  const others = useMemo(
    () => custom.filter((_, index) => editing?.kind !== 'existing' || index !== editing.index),
    [custom, editing],
  );

  return (
    <section class="stack" aria-labelledby="sites-heading">
      <h2 id="sites-heading">Sites</h2>
      {message && (
        <div class={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
      <div class="card">
        <h3>Built-in helpdesks</h3>
        {find('sites.disabled') && (
          <span class="badge">{describeOrigin(find('sites.disabled')!.origin)}</span>
        )}
        <table>
          <tbody>
            {builtInSites.map((adapter) => (
              <tr key={adapter.id} data-site={adapter.id}>
                <td>
                  <label class="row">
                    <input
                      type="checkbox"
                      checked={!disabled.includes(adapter.id)}
                      disabled={Boolean(disabledBlocked)}
                      onChange={(event) => {
                        const on = (event.target as HTMLInputElement).checked;
                        const next = on
                          ? disabled.filter((id) => id !== adapter.id)
                          : [...disabled, adapter.id];
                        write(
                          'sites.disabled',
                          next,
                          `Deskmate is ${on ? 'on' : 'off'} on ${adapter.name}.`,
                        ).catch(report);
                      }}
                    />
                    {adapter.name}
                  </label>
                </td>
                <td class="muted">{adapter.matches.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          Turning one off keeps Deskmate off on that helpdesk only. A custom site below that says “take these
          addresses over” is used instead of a built-in adapter on the addresses it covers.
        </p>
      </div>
      <div class="card stack">
        <h3>Other sites</h3>
        <div class="row">
          <label class="row">
            Client
            <ClientSelect
              clients={clients}
              value={clientId}
              onChange={(id) => {
                setClientId(id);
                if (!id) setRole('agent');
              }}
              none="All clients (your own sites)"
            />
          </label>
          <fieldset class="row" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend class="muted" style={{ float: 'left', marginRight: 8 }}>
              Editing as
            </legend>
            <label>
              <input
                type="radio"
                name="sites-role"
                checked={role === 'agent'}
                onChange={() => setRole('agent')}
              />{' '}
              Agent
            </label>
            <label>
              <input
                type="radio"
                name="sites-role"
                checked={role === 'qaLead'}
                disabled={!clientId}
                onChange={() => setRole('qaLead')}
              />{' '}
              QA lead {clientId ? '' : '(choose a client)'}
            </label>
          </fieldset>
          {customSetting && <span class="badge">{describeOrigin(customSetting.origin)}</span>}
        </div>
        {custom.length === 0 && <p class="muted">None. Add an in-house CRM or another helpdesk below.</p>}
        {custom.map((site, index) => (
          <CustomSiteRow
            key={site.id}
            site={site}
            blocked={customBlocked}
            onEdit={() => {
              setRefusal(undefined);
              setEditing({ kind: 'existing', index });
            }}
            onRemove={async () => {
              await browser.permissions
                .remove({ origins: removableOrigins(site.matches, custom, site.id) })
                .catch(() => false);
              await write(
                'sites.custom',
                custom.filter((s) => s.id !== site.id),
                `Removed ${site.name}.`,
                role,
              ).catch(report);
            }}
          />
        ))}
        {customBlocked && <p class="muted">{customBlocked}</p>}
        {!customBlocked && !editing && (
          <div>
            <button
              type="button"
              class="primary"
              onClick={() => {
                setRefusal(undefined);
                setEditing({ kind: 'new' });
              }}
            >
              Add a site
            </button>
          </div>
        )}
        {!customBlocked && editing && (
          <SiteEditor
            key={editing.kind === 'new' ? 'new' : custom[editing.index]?.id}
            initial={
              editing.kind === 'new' || !custom[editing.index]
                ? emptyDraft()
                : draftFromSite(custom[editing.index]!)
            }
            isNew={editing.kind === 'new'}
            others={others}
            refusal={refusal}
            onCancel={() => setEditing(undefined)}
            save={async (site) => {
              const next = [...custom];
              next[editingIndex] = site as CustomSite;
              try {
                await write(
                  'sites.custom',
                  next,
                  `Saved ${(site as CustomSite).name}. Reload its tabs for Deskmate to start there.`,
                  role,
                );
                setRefusal(undefined);
                setEditing(undefined);
              } catch (error) {
                setRefusal(siteErrorsFromRefusal((error as Error).message, editingIndex));
                throw error;
              }
            }}
          />
        )}
      </div>
    </section>
  );
}

/**
 * The host permissions a removed site no longer needs: not those the extension has from its manifest (the demo's
 * host), and not those another custom site still uses (where patterns take no port, two ports of one host share
 * one permission).
 */
function removableOrigins(
  matches: readonly string[],
  sites: readonly CustomSite[],
  removed: string,
): string[] {
  const manifest = new Set(browser.runtime.getManifest().host_permissions ?? []);
  const kept = new Set(
    browserPatterns(sites.filter((site) => site.id !== removed).flatMap((site) => site.matches)),
  );
  return browserPatterns(matches).filter((origin) => !manifest.has(origin) && !kept.has(origin));
}

function CustomSiteRow(props: {
  site: CustomSite;
  blocked: string | undefined;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { access, ask } = useAccess(props.site.matches);
  return (
    <div class="row" data-custom-site={props.site.id} style={{ justifyContent: 'space-between' }}>
      <div>
        <strong>{props.site.name}</strong> <span class="muted">{props.site.matches.join(', ')}</span>{' '}
        {props.site.adapter && <span class="badge">{props.site.adapter}</span>}{' '}
        {props.site.overrides && <span class="badge">takes over built-in</span>}{' '}
        {access.state === 'granted' ? (
          <span class="badge" data-access="granted">
            access granted
          </span>
        ) : access.state === 'missing' ? (
          <span class="badge locked" data-access="missing">
            no access yet
          </span>
        ) : access.state === 'checking' ? null : (
          <span class="badge locked" data-access={access.state} role="status">
            {access.state === 'error' ? `${ACCESS_TEXT.error} ${access.message}` : ACCESS_TEXT[access.state]}
          </span>
        )}
      </div>
      <div class="row">
        {access.state !== 'granted' && access.state !== 'checking' && (
          <button type="button" onClick={() => void ask()}>
            Allow access
          </button>
        )}
        {!props.blocked && (
          <>
            <button type="button" onClick={props.onEdit} aria-label={`Edit ${props.site.name}`}>
              Edit
            </button>
            <button type="button" onClick={props.onRemove} aria-label={`Remove ${props.site.name}`}>
              Remove
            </button>
          </>
        )}
      </div>
    </div>
  );
}
