/**
 * Where Deskmate runs: the built-in helpdesks (each can be turned off), and other sites an admin or agent adds
 * (in-house CRMs), for each of which the browser is asked for access at the moment it is added.
 */
import { useEffect, useState } from 'preact/hooks';
import { builtInSites } from '../../content/sites/built-in.ts';
import type { CustomSite } from '../../core/settings/custom-site.ts';
import { request } from '../../messaging/client.ts';
import { browser } from '../../platform/browser.ts';
import { useLive } from '../../ui/hooks.ts';
import { describeOrigin } from '../../ui/labels.ts';

export function SitesSection() {
  const [described] = useLive(() => request('settings.describe', {}));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const find = (key: string) =>
    described.state === 'ready' ? described.value.settings.find((s) => s.key === key) : undefined;
  const disabled = (find('sites.disabled')?.value as string[] | undefined) ?? [];
  const custom = (find('sites.custom')?.value as CustomSite[] | undefined) ?? [];
  const disabledBlocked = find('sites.disabled')?.agentBlockedBecause;
  const customBlocked = find('sites.custom')?.agentBlockedBecause;

  const write = async (key: string, value: unknown, done: string) => {
    setMessage(undefined);
    try {
      await request('settings.write', { layer: 'agent', key, value });
      setMessage({ kind: 'ok', text: done });
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
    }
  };

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
                        void write(
                          'sites.disabled',
                          next,
                          `Deskmate is ${on ? 'on' : 'off'} on ${adapter.name}.`,
                        );
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
      </div>
      <div class="card stack">
        <h3>Other sites</h3>
        {custom.length === 0 && <p class="muted">None. Add an in-house CRM or another helpdesk below.</p>}
        {custom.map((site) => (
          <CustomSiteRow
            key={site.id}
            site={site}
            blocked={customBlocked}
            onRemove={async () => {
              await browser.permissions.remove({ origins: site.matches }).catch(() => false);
              await write(
                'sites.custom',
                custom.filter((s) => s.id !== site.id),
                `Removed ${site.name}.`,
              );
            }}
          />
        ))}
        {!customBlocked && (
          <AddSiteForm
            existing={custom}
            onAdd={async (site) => {
              // Ask first, inside the click: browsers grant access only during a user gesture.
              const granted = await browser.permissions.request({ origins: site.matches });
              if (!granted) {
                setMessage({
                  kind: 'error',
                  text: `The browser did not grant access to ${site.matches.join(', ')}.`,
                });
                return;
              }
              await write(
                'sites.custom',
                [...custom, site],
                `Deskmate now runs on ${site.name}. Reload its tabs.`,
              );
            }}
          />
        )}
        {customBlocked && <p class="muted">{customBlocked}</p>}
      </div>
    </section>
  );
}

function CustomSiteRow(props: { site: CustomSite; blocked: string | undefined; onRemove: () => void }) {
  const [granted, setGranted] = useState<boolean>();
  useEffect(() => {
    browser.permissions.contains({ origins: props.site.matches }).then(setGranted, () => setGranted(false));
  }, [props.site]);
  return (
    <div class="row" data-custom-site={props.site.id} style={{ justifyContent: 'space-between' }}>
      <div>
        <strong>{props.site.name}</strong> <span class="muted">{props.site.matches.join(', ')}</span>{' '}
        {granted === false ? (
          <span class="badge locked">no access yet</span>
        ) : granted ? (
          <span class="badge">access granted</span>
        ) : null}
      </div>
      <div class="row">
        {granted === false && (
          <button
            type="button"
            onClick={() =>
              browser.permissions
                .request({ origins: props.site.matches })
                .then(setGranted, () => setGranted(false))
            }
          >
            Allow access
          </button>
        )}
        {!props.blocked && (
          <button type="button" onClick={props.onRemove}>
            Remove
          </button>
        )}
      </div>
    </div>
  );
}

function AddSiteForm(props: { existing: CustomSite[]; onAdd: (site: CustomSite) => void }) {
  const [name, setName] = useState('');
  const [pattern, setPattern] = useState('');
  const [composer, setComposer] = useState('');
  const [error, setError] = useState<string>();
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        setError(undefined);
        let url: URL;
        try {
          url = new URL(pattern.includes('://') ? pattern.replace('/*', '/') : `https://${pattern}`);
        } catch {
          setError('Enter an address such as https://crm.example.com/*');
          return;
        }
        const matches = [pattern.includes('*') ? pattern : `${url.origin}/*`];
        const id = url.hostname
          .replace(/[^a-z0-9]+/gi, '-')
          .toLowerCase()
          .slice(0, 40);
        if (props.existing.some((site) => site.id === id)) {
          setError(`${url.hostname} is already listed.`);
          return;
        }
        props.onAdd({
          id,
          name: name || url.hostname,
          matches,
          ...(composer ? { selectors: { composer: [composer] } } : {}),
        });
      }}
    >
      <div class="row">
        <label class="row">
          Name{' '}
          <input type="text" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <label class="row">
          Address{' '}
          <input
            type="text"
            required
            placeholder="https://crm.example.com/*"
            value={pattern}
            onInput={(e) => setPattern((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="row">
          Composer selector{' '}
          <input
            type="text"
            placeholder="optional, e.g. #reply"
            value={composer}
            onInput={(e) => setComposer((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="primary">
          Add site
        </button>
      </div>
      {error && <div class="notice error">{error}</div>}
    </form>
  );
}
