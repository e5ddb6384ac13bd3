/**
 * Keybindings: the browser-wide shortcuts (set in the browser's own shortcut page) and the in-page ones, which
 * the agent can rebind here. A new binding is recorded by pressing it, like in a code editor.
 */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_KEYBINDINGS } from '../../content/workbench/keybindings.ts';
import type { KeybindingRule } from '../../core/settings/definitions.ts';
import { chordFromEvent, formatChord } from '../../core/workbench/keys.ts';
import { request } from '../../messaging/client.ts';
import { browser } from '../../platform/browser.ts';
import { useLive } from '../../ui/hooks.ts';
import { describeOrigin } from '../../ui/labels.ts';

export function KeybindingsSection() {
  const [described] = useLive(() => request('settings.describe', {}));
  const [browserCommands, setBrowserCommands] = useState<
    Array<{ name?: string; shortcut?: string; description?: string }>
  >([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    browser.commands.getAll().then(setBrowserCommands, () => setBrowserCommands([]));
  }, []);

  const setting =
    described.state === 'ready'
      ? described.value.settings.find((s) => s.key === 'workbench.keybindings')
      : undefined;
  const rules = (setting?.value as KeybindingRule[] | undefined) ?? [];
  const blocked = setting?.agentBlockedBecause;
  const save = async (next: KeybindingRule[]) => {
    setError(undefined);
    try {
      await request('settings.write', { layer: 'agent', key: 'workbench.keybindings', value: next });
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <section class="stack" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Keybindings</h2>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <div class="card">
        <h3>Browser-wide shortcuts</h3>
        <p class="muted">
          These work from anywhere in the browser. Change them in the browser's extension shortcuts page.
        </p>
        <table>
          <tbody>
            {browserCommands.map((command) => (
              <tr key={command.name}>
                <td>{command.description || command.name}</td>
                <td>
                  {command.shortcut ? <kbd>{command.shortcut}</kbd> : <span class="muted">not set</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card">
        <h3>On helpdesk pages</h3>
        {setting && (
          <span class={`badge${setting.origin.lockedBy ? ' locked' : ''}`}>
            {describeOrigin(setting.origin)}
          </span>
        )}
        <table>
          <thead>
            <tr>
              <th>Key</th>
              <th>Command</th>
              <th>When</th>
              <th>Source</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {DEFAULT_KEYBINDINGS.map((rule) => {
              const removed = rules.some((r) => r.command === `-${rule.command}` && r.key === rule.key);
              return (
                <tr
                  key={`d-${rule.key}-${rule.command}`}
                  style={removed ? { textDecoration: 'line-through' } : undefined}
                >
                  <td>
                    <kbd>{formatChord(rule.key)}</kbd>
                  </td>
                  <td>
                    <code>{rule.command}</code>
                  </td>
                  <td>{rule.when ?? ''}</td>
                  <td class="muted">default</td>
                  <td>
                    {!removed && (
                      <button
                        type="button"
                        disabled={Boolean(blocked)}
                        onClick={() => save([...rules, { key: rule.key, command: `-${rule.command}` }])}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
            {rules
              .filter((rule) => !rule.command.startsWith('-'))
              .map((rule) => (
                <tr key={`u-${rule.key}-${rule.command}`}>
                  <td>
                    <kbd>{formatChord(rule.key)}</kbd>
                  </td>
                  <td>
                    <code>{rule.command}</code>
                  </td>
                  <td>{rule.when ?? ''}</td>
                  <td>yours</td>
                  <td>
                    <button
                      type="button"
                      disabled={Boolean(blocked)}
                      onClick={() => save(rules.filter((r) => r !== rule))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        {!blocked && <AddBinding onAdd={(rule) => save([...rules, rule])} />}
        {blocked && <p class="muted">{blocked}</p>}
        {rules.some((rule) => rule.command.startsWith('-')) && !blocked && (
          <button type="button" onClick={() => save(rules.filter((rule) => !rule.command.startsWith('-')))}>
            Restore removed defaults
          </button>
        )}
      </div>
    </section>
  );
}

function AddBinding({ onAdd }: { onAdd: (rule: KeybindingRule) => void }) {
  const [chord, setChord] = useState('');
  const [command, setCommand] = useState('');
  const known = [...new Set(DEFAULT_KEYBINDINGS.map((rule) => rule.command))];
  return (
    <form
      class="row"
      style={{ marginTop: 12 }}
      onSubmit={(event) => {
        event.preventDefault();
        if (chord && command) onAdd({ key: chord, command });
        setChord('');
        setCommand('');
      }}
    >
      <input
        type="text"
        readOnly
        aria-label="Press the keys for the new binding"
        placeholder="Press keys…"
        value={chord ? formatChord(chord) : ''}
        onKeyDown={(event) => {
          if (event.key === 'Tab') return;
          event.preventDefault();
          const pressed = chordFromEvent(event);
          if (pressed) setChord(pressed);
        }}
      />
      <input
        type="text"
        list="known-commands"
        aria-label="Command id"
        placeholder="command id, e.g. deskmate.client.switch"
        value={command}
        onInput={(event) => setCommand((event.target as HTMLInputElement).value)}
        style={{ minWidth: 280 }}
      />
      <datalist id="known-commands">
        {known.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <button type="submit" class="primary" disabled={!chord || !command}>
        Add binding
      </button>
    </form>
  );
}
