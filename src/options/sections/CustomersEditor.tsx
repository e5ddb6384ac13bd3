/**
 * The redaction policy's `customers` section as a form (Options › Data guard): what happens to another customer's
 * values in a reply, to the customer's own details copied or pasted elsewhere, which types identify a customer,
 * and how long the shift's memory lasts. It edits the same policy document as the JSON editor above it (a client
 * without a policy starts from Deskmate's default), validates it whole, and saves it for the client.
 */
import { useState } from 'preact/hooks';
import { customerRules } from '../../core/pii/customers/check.ts';
import { DEFAULT_REMEMBERED_TYPES } from '../../core/pii/customers/keys.ts';
import {
  defaultPolicy,
  POLICY_ACTIONS,
  type PolicyAction,
  type RedactionPolicy,
  validateRedactionPolicy,
} from '../../core/pii/index.ts';
import { request } from '../../messaging/client.ts';
import { ClientSelect, useClients, usePickedClient } from '../../ui/clients.tsx';
import { useLive } from '../../ui/hooks.ts';

const ACTION_WORDS: Record<PolicyAction, string> = {
  off: 'off (not checked)',
  flag: 'flag (underline only)',
  warn: 'warn (confirm before sending)',
  mask: 'mask automatically',
  block: 'block',
};

interface Draft {
  wrongCustomer: PolicyAction;
  ownDetails: PolicyAction;
  remember: string[];
  shiftHours: number;
}

function draftOf(policy: RedactionPolicy): Draft {
  const rules = customerRules(policy);
  return {
    wrongCustomer: rules.wrongCustomer,
    ownDetails: rules.ownDetails,
    remember: [...rules.remember],
    shiftHours: rules.shiftMs / 3_600_000,
  };
}

export function CustomersEditor() {
  const clients = useClients();
  const [clientId, setClientId] = usePickedClient(clients);
  const [described] = useLive(
    () => (clientId ? request('settings.describe', { clientId }) : Promise.resolve(undefined)),
    clientId,
  );
  const setting =
    described.state === 'ready' ? described.value?.settings.find((s) => s.key === 'guard.policy') : undefined;
  const policy = (setting?.value as RedactionPolicy | null | undefined) ?? defaultPolicy();
  // Any storage change reloads the settings (the customer memory's session writes too): the form starts again only
  // when the saved document itself changed, not under the QA lead's edits.
  // The draft belongs to the document it was started from: a new document (another client, a save) starts the form
  // again in the same render — not in an effect after it, when the QA lead may already have changed a field.
  const documentKey = `${clientId}\n${JSON.stringify(setting?.value ?? null)}`;
  const [edited, setEdited] = useState<{ of: string; draft: Draft }>();
  const draft = edited?.of === documentKey ? edited.draft : draftOf(policy);
  const setDraft = (next: Draft) => setEdited({ of: documentKey, draft: next });
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const types = [
    ...new Set([
      ...DEFAULT_REMEMBERED_TYPES,
      ...(policy.customDetectors ?? []).map((d) => d.type),
      ...draft.remember,
    ]),
  ];
  const blocked = setting?.qaLeadBlockedBecause;
  // Nothing to edit before the client's policy has been read.
  const disabled = Boolean(blocked) || described.state !== 'ready';

  const save = async () => {
    setMessage(undefined);
    const next = {
      ...policy,
      customers: {
        wrongCustomer: draft.wrongCustomer,
        ownDetails: draft.ownDetails,
        remember: draft.remember,
        shiftHours: draft.shiftHours,
      },
    };
    const checked = validateRedactionPolicy(next);
    if (!checked.ok) {
      setMessage({
        kind: 'error',
        text: checked.errors.map((error) => `${error.path}: ${error.message}`).join('; '),
      });
      return;
    }
    try {
      await request('settings.write', {
        layer: 'qaLead',
        clientId,
        key: 'guard.policy',
        value: checked.policy,
      });
      setMessage({ kind: 'ok', text: 'Saved. It applies now on this client’s pages.' });
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
    }
  };

  const actionSelect = (label: string, key: 'wrongCustomer' | 'ownDetails') => (
    <label class="row">
      {label}
      <select
        value={draft[key]}
        disabled={disabled}
        onChange={(event) =>
          setDraft({ ...draft, [key]: (event.target as HTMLSelectElement).value as PolicyAction })
        }
      >
        {POLICY_ACTIONS.map((action) => (
          <option key={action} value={action}>
            {ACTION_WORDS[action]}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <form
      class="stack"
      data-testid="guard-customers"
      // The policy's own validation says what is wrong and where (the browser's would only show a tooltip).
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div class="row">
        <h3 style={{ margin: 0 }}>Whose data is it</h3>
        <label class="row">
          Client
          <ClientSelect
            clients={clients}
            value={clientId}
            onChange={setClientId}
            ariaLabel="Client for customers"
          />
        </label>
      </div>
      <p class="muted">
        For the agent's shift Deskmate remembers salted hashes of the identifiers seen on each ticket (never
        the values, never on disk). A value in a reply that was seen on another customer's ticket is flagged
        as theirs.
      </p>
      {blocked && <p class="notice error">{blocked}</p>}
      {actionSelect("Another customer's value in a reply", 'wrongCustomer')}
      {actionSelect("The customer's own name or address copied or pasted elsewhere", 'ownDetails')}
      <fieldset>
        <legend>What identifies a customer</legend>
        {types.map((type) => (
          <label key={type} class="row">
            <input
              type="checkbox"
              disabled={disabled}
              checked={draft.remember.includes(type)}
              onChange={(event) =>
                setDraft({
                  ...draft,
                  remember: (event.target as HTMLInputElement).checked
                    ? [...draft.remember, type]
                    : draft.remember.filter((kept) => kept !== type),
                })
              }
            />
            {type}
          </label>
        ))}
      </fieldset>
      <label class="row">
        Memory lasts (hours)
        <input
          type="number"
          min={1}
          max={24}
          step={1}
          disabled={disabled}
          value={draft.shiftHours}
          onInput={(event) =>
            setDraft({ ...draft, shiftHours: Number((event.target as HTMLInputElement).value) })
          }
        />
      </label>
      {message && (
        <div class={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
      <div class="row">
        <button type="submit" disabled={disabled || !clientId}>
          Save
        </button>
      </div>
    </form>
  );
}
