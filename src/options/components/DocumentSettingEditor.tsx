/**
 * Editing a setting that is a JSON document (an SLA policy, a redaction policy) for one client, as a QA lead:
 * live validation with the path of each error, import from a file, export to a file, save (refused whole if
 * invalid, so the policy in force stays), and back to the client pack's version. Locks are honoured.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatBytes, LIMITS } from '../../core/limits.ts';
import { formatJsonSyntaxProblem, jsonSyntaxProblem, type ValidationError } from '../../core/validation.ts';
import { request } from '../../messaging/client.ts';
import { ClientSelect, useClients, usePickedClient } from '../../ui/clients.tsx';
import { saveFile } from '../../ui/download.ts';
import { useLive } from '../../ui/hooks.ts';
import { describeOrigin } from '../../ui/labels.ts';

export interface DocumentSettingEditorProps {
  settingKey: string;
  /** Validates the parsed JSON: the same check the worker applies on save. */
  validate(json: unknown): ValidationError[];
  /** File name for exports, e.g. `sla-policy`. */
  fileStem: string;
  /** Where the JSON Schema is published (inside the extension). */
  schemaPath: string;
  /** The client, when the section around the editor already picks one (no picker of its own then). */
  clientId?: string;
  /** What the document is, for its text box's label and empty state (default: "Policy"). */
  noun?: string;
}

export function DocumentSettingEditor(props: DocumentSettingEditorProps) {
  const clients = useClients();
  const [pickedClientId, setClientId] = usePickedClient(clients);
  const clientId = props.clientId ?? pickedClientId;
  const noun = props.noun ?? 'Policy';
  const [described] = useLive(
    () => (clientId ? request('settings.describe', { clientId }) : Promise.resolve(undefined)),
    clientId,
  );
  const setting =
    described.state === 'ready'
      ? described.value?.settings.find((s) => s.key === props.settingKey)
      : undefined;

  const [text, setText] = useState('');
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  useEffect(() => {
    if (!dirty) setText(setting?.value ? JSON.stringify(setting.value, null, 2) : '');
  }, [setting, dirty]);

  const errors = useMemo((): ValidationError[] => {
    if (!text.trim()) return [];
    try {
      return props.validate(JSON.parse(text));
    } catch (error) {
      return [{ path: '/', message: formatJsonSyntaxProblem(jsonSyntaxProblem(error, text)) }];
    }
  }, [text, props]);

  const blocked = setting?.qaLeadBlockedBecause;
  const save = async (value: unknown) => {
    setMessage(undefined);
    try {
      await request('settings.write', { layer: 'qaLead', clientId, key: props.settingKey, value });
      setDirty(false);
      setMessage({
        kind: 'ok',
        text:
          value === undefined
            ? 'Back to the client pack’s version.'
            : 'Saved. It applies now on this client’s pages.',
      });
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
    }
  };
  const exportFile = () =>
    saveFile(`${props.fileStem}-${clientId}.json`, `${text.trim()}\n`, 'application/json');

  return (
    <div class="stack">
      <div class="row">
        {props.clientId === undefined && (
          <label class="row">
            Client
            <ClientSelect
              clients={clients}
              value={clientId}
              onChange={(picked) => {
                setClientId(picked);
                setDirty(false);
                setMessage(undefined);
              }}
            />
          </label>
        )}
        {setting && (
          <span class={`badge${setting.origin.lockedBy ? ' locked' : ''}`} data-testid="document-origin">
            {setting.origin.lockedBy ? '🔒 ' : ''}
            {describeOrigin(setting.origin)}
          </span>
        )}
        <a href={`/${props.schemaPath}`} target="_blank" rel="noreferrer">
          JSON Schema
        </a>
      </div>
      {message && (
        <div class={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
      <textarea
        aria-label={`${noun} (JSON)`}
        spellcheck={false}
        rows={22}
        style={{ width: '100%', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 }}
        value={text}
        disabled={Boolean(blocked)}
        placeholder={`No ${noun.toLowerCase()} for this client. Paste one, or import a file.`}
        onInput={(event) => {
          setText((event.target as HTMLTextAreaElement).value);
          setDirty(true);
        }}
      />
      {errors.length > 0 ? (
        <div class="notice error" role="alert" data-testid="document-errors">
          {errors.length} problem{errors.length === 1 ? '' : 's'}:
          <ul>
            {errors.map((error) => (
              <li key={`${error.path}:${error.message}`}>
                <code>{error.path}</code> {error.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        text.trim() && <div class="notice ok">Valid.</div>
      )}
      {blocked && <p class="muted">{blocked}</p>}
      <div class="row">
        <button
          type="button"
          class="primary"
          disabled={Boolean(blocked) || !dirty || errors.length > 0 || !clientId}
          onClick={() => save(text.trim() ? JSON.parse(text) : null)}
        >
          Save as QA lead
        </button>
        <label class="row">
          <span class="muted">Import</span>
          <input
            type="file"
            accept="application/json,.json"
            aria-label={`Import a ${noun.toLowerCase()} file`}
            disabled={Boolean(blocked)}
            onChange={async (event) => {
              const file = (event.target as HTMLInputElement).files?.[0];
              if (!file) return;
              if (file.size > LIMITS.jsonDocumentBytes) {
                setMessage({
                  kind: 'error',
                  text: `${file.name}: larger than the ${formatBytes(LIMITS.jsonDocumentBytes)} limit for a policy or settings file`,
                });
                return;
              }
              setText(await file.text());
              setDirty(true);
            }}
          />
        </label>
        <button type="button" disabled={!text.trim()} onClick={exportFile}>
          Export
        </button>
        {setting?.origin.source === 'qaLead' && !blocked && (
          <button type="button" onClick={() => save(undefined)}>
            Remove QA lead version
          </button>
        )}
      </div>
    </div>
  );
}
