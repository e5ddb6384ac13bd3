/**
 * Every setting with its effective value, who set it, and whether it is locked. The agent edits their own
 * layer; a QA lead edits the chosen client's QA layer. Locked settings are shown disabled with who locked them.
 */
import { useState } from 'preact/hooks';
import { request } from '../../messaging/client.ts';
import type { SettingDescription } from '../../messaging/protocol.ts';
import { ClientSelect, useClients } from '../../ui/clients.tsx';
import { useLive } from '../../ui/hooks.ts';
import { describeOrigin } from '../../ui/labels.ts';

type Role = 'agent' | 'qaLead';

export function SettingsSection() {
  const [clientId, setClientId] = useState<string>('');
  const [role, setRole] = useState<Role>('agent');
  const [error, setError] = useState<string>();
  const clients = useClients();
  const [described] = useLive(
    () => request('settings.describe', clientId ? { clientId } : {}),
    clientId ?? '',
  );

  const write = async (key: string, value: unknown) => {
    setError(undefined);
    try {
      await request('settings.write', { layer: role, key, value, ...(clientId ? { clientId } : {}) });
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <section class="stack" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <div class="card row">
        <label class="row">
          Client
          <ClientSelect
            clients={clients}
            value={clientId}
            onChange={setClientId}
            none="All clients (your preferences)"
          />
        </label>
        <fieldset class="row" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend class="muted" style={{ float: 'left', marginRight: 8 }}>
            Editing as
          </legend>
          <label>
            <input type="radio" name="role" checked={role === 'agent'} onChange={() => setRole('agent')} />{' '}
            Agent
          </label>
          <label>
            <input
              type="radio"
              name="role"
              checked={role === 'qaLead'}
              disabled={!clientId}
              onChange={() => setRole('qaLead')}
            />{' '}
            QA lead {clientId ? '' : '(choose a client)'}
          </label>
        </fieldset>
      </div>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      {described.state === 'error' && <div class="notice error">{described.error}</div>}
      {described.state === 'ready' && (
        <>
          {described.value.managedErrors.length > 0 && (
            <div class="notice warning" role="status">
              Parts of the managed policy were ignored:
              <ul>
                {described.value.managedErrors.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
          {described.value.warnings.length > 0 && (
            <div class="notice warning" role="status">
              <ul>
                {described.value.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          )}
          {groups(described.value.settings).map(([group, settings]) => (
            <div class="card" key={group}>
              <h3>{group}</h3>
              {settings.map((setting) => (
                <SettingRow
                  key={setting.key}
                  setting={setting}
                  blockedBecause={
                    role === 'agent' ? setting.agentBlockedBecause : setting.qaLeadBlockedBecause
                  }
                  onChange={(value) => write(setting.key, value)}
                />
              ))}
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function groups(settings: SettingDescription[]): Array<[string, SettingDescription[]]> {
  const map = new Map<string, SettingDescription[]>();
  for (const setting of settings) map.set(setting.group, [...(map.get(setting.group) ?? []), setting]);
  return [...map];
}

function SettingRow(props: {
  setting: SettingDescription;
  blockedBecause: string | undefined;
  onChange: (value: unknown) => void;
}) {
  const { setting, blockedBecause } = props;
  const locked = Boolean(setting.origin.lockedBy);
  const id = `setting-${setting.key}`;
  return (
    <div class="setting" data-setting={setting.key} data-locked={locked ? 'true' : 'false'}>
      <div>
        <label for={id}>
          <strong>{setting.title}</strong>
        </label>
        <div class="muted">{setting.description}</div>
      </div>
      <div class="setting-control">
        <Control id={id} value={setting.value} disabled={Boolean(blockedBecause)} onChange={props.onChange} />
      </div>
      <div class="setting-meta">
        <span class={`badge${locked ? ' locked' : ''}`} data-testid="origin">
          {locked ? '🔒 ' : ''}
          {describeOrigin(setting.origin)}
        </span>
        {blockedBecause && !locked && <span class="muted">{blockedBecause}</span>}
        {!blockedBecause && setting.origin.source !== 'default' && !locked && (
          <button type="button" onClick={() => props.onChange(undefined)}>
            Reset
          </button>
        )}
      </div>
    </div>
  );
}

/** Which section edits a setting that is a list or a document. */
const EDITORS: Array<[string, string]> = [
  ['sla.', '#clocks'],
  ['guard.', '#guard'],
  ['sites.', '#sites'],
  ['workbench.keybindings', '#keybindings'],
];

function Control(props: {
  id: string;
  value: unknown;
  disabled: boolean;
  onChange: (value: unknown) => void;
}) {
  const { id, value, disabled, onChange } = props;
  if (typeof value === 'boolean') {
    return (
      <input
        id={id}
        type="checkbox"
        checked={value}
        disabled={disabled}
        onChange={(event) => onChange((event.target as HTMLInputElement).checked)}
      />
    );
  }
  if (typeof value === 'number') {
    return (
      <input
        id={id}
        type="number"
        value={value}
        disabled={disabled}
        style={{ width: 100 }}
        onChange={(event) => onChange(Number((event.target as HTMLInputElement).value))}
      />
    );
  }
  if (typeof value === 'string') {
    return (
      <input
        id={id}
        type="text"
        value={value}
        disabled={disabled}
        onChange={(event) => onChange((event.target as HTMLInputElement).value)}
      />
    );
  }
  // Lists and documents have their own editors.
  const editor = EDITORS.find(([prefix]) => id.startsWith(`setting-${prefix}`))?.[1] ?? '#settings';
  return (
    <a id={id} href={editor}>
      Edit…
    </a>
  );
}
