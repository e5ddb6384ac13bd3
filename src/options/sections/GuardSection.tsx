/**
 * The data guard's policy per client (a QA lead's JSON document: what is flagged, warned about, blocked or masked,
 * and how), with a live "try it" box: type or paste text and see what the client's policy in force underlines,
 * what each finding would get, and what would leave after masking. Nothing typed here is stored or sent.
 */
import { useMemo, useState } from 'preact/hooks';
import { customerKey, customerRules, markRemembered, ticketKeys } from '../../core/pii/customers/check.ts';
import { keyHasher } from '../../core/pii/customers/hash.ts';
import { CustomerMemory } from '../../core/pii/customers/memory.ts';
import {
  decideSend,
  defaultPolicy,
  type EvaluatedFinding,
  evaluate,
  mask,
  type RedactionPolicy,
  validateRedactionPolicy,
} from '../../core/pii/index.ts';
import { request } from '../../messaging/client.ts';
import { browser } from '../../platform/browser.ts';
import { ClientSelect, useClients, usePickedClient } from '../../ui/clients.tsx';
import { useLive } from '../../ui/hooks.ts';
import { DocumentSettingEditor } from '../components/DocumentSettingEditor.tsx';
import { CustomersEditor } from './CustomersEditor.tsx';

const validate = (json: unknown) => {
  const result = validateRedactionPolicy(json);
  return result.ok ? [] : result.errors.map((error) => ({ path: error.path || '/', message: error.message }));
};

const ACTION_COLOURS: Record<EvaluatedFinding['action'], string> = {
  flag: '#2563eb',
  warn: '#d97706',
  mask: '#7c3aed',
  block: '#dc2626',
};

const VERDICTS = {
  allow: 'Would be sent as typed.',
  mask: 'Would be sent with the masked values below.',
  warn: 'The agent would be asked to confirm before sending.',
  block: 'Sending would be blocked.',
} as const;

/** The text with each finding wrapped in a highlight that names its type and action. */
export function Highlighted(props: { text: string; findings: readonly EvaluatedFinding[] }) {
  const parts: preact.JSX.Element[] = [];
  let at = 0;
  for (const finding of [...props.findings].sort((a, b) => a.start - b.start)) {
    if (finding.start < at) continue;
    if (finding.start > at) parts.push(<span key={`t${at}`}>{props.text.slice(at, finding.start)}</span>);
    parts.push(
      <mark
        key={`f${finding.start}`}
        data-type={finding.type}
        data-action={finding.action}
        title={`${finding.type} (${finding.action}) — ${finding.reason}`}
        style={{
          background: 'transparent',
          textDecoration: `underline wavy ${ACTION_COLOURS[finding.action]}`,
          textUnderlineOffset: '3px',
        }}
      >
        {props.text.slice(finding.start, finding.end)}
      </mark>,
    );
    at = finding.end;
  }
  if (at < props.text.length) parts.push(<span key={`t${at}`}>{props.text.slice(at)}</span>);
  return <>{parts}</>;
}

function TryIt() {
  const clients = useClients();
  const [clientId, setClientId] = usePickedClient(clients);
  const [described] = useLive(
    () => (clientId ? request('settings.describe', { clientId }) : Promise.resolve(undefined)),
    clientId,
  );
  const saved =
    described.state === 'ready'
      ? (described.value?.settings.find((s) => s.key === 'guard.policy')?.value as RedactionPolicy | null)
      : null;
  const policy = useMemo(() => {
    const checked = saved ? validateRedactionPolicy(saved) : undefined;
    return checked?.ok ? checked.policy : defaultPolicy();
  }, [saved]);
  const [text, setText] = useState('');
  const [other, setOther] = useState('');
  const findings = useMemo(
    () => (text ? markOtherCustomer(text, evaluate(text, policy), other, policy) : []),
    [text, other, policy],
  );
  const verdict = decideSend(findings);
  const masked = findings.some((f) => f.action === 'mask')
    ? mask(
        text,
        findings.filter((f) => f.action === 'mask'),
        policy,
      )
    : undefined;

  return (
    <div class="stack" data-testid="guard-try">
      <div class="row">
        <h3 style={{ margin: 0 }}>Try it</h3>
        <label class="row">
          Client
          <ClientSelect clients={clients} value={clientId} onChange={setClientId} ariaLabel="Client to try" />
        </label>
        <span class="muted">{saved ? 'the client’s saved policy' : 'Deskmate’s default policy'}</span>
      </div>
      <textarea
        aria-label="Text to try"
        rows={5}
        style={{ width: '100%' }}
        placeholder="Type or paste what an agent might send. Nothing here is stored."
        value={text}
        onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
      />
      <details>
        <summary>Another customer's ticket (the customer-aware guard)</summary>
        <p class="muted">
          {customersSummary(policy)} Paste what another customer wrote on their ticket: values of theirs in
          the text above are then marked as an agent would see them in the next reply.
        </p>
        <textarea
          aria-label="Another customer's ticket"
          rows={3}
          style={{ width: '100%' }}
          placeholder="e.g. Hi, I'm Maya Thompson (maya.thompson@example.com), card 4111 1111 1111 1111"
          value={other}
          onInput={(event) => setOther((event.target as HTMLTextAreaElement).value)}
        />
      </details>
      {text && (
        <>
          <div
            data-testid="guard-try-highlights"
            style={{ whiteSpace: 'pre-wrap', border: '1px solid var(--border)', padding: 8, borderRadius: 6 }}
          >
            <Highlighted text={text} findings={findings} />
          </div>
          <p data-testid="guard-try-verdict" data-verdict={verdict}>
            {findings.length} finding{findings.length === 1 ? '' : 's'}. {VERDICTS[verdict]}
          </p>
          {findings.length > 0 && (
            <ul data-testid="guard-try-findings">
              {findings.map((finding) => (
                <li key={`${finding.start}-${finding.type}`}>
                  <strong>{finding.type}</strong> · {finding.action}
                  {finding.action === 'block' && !finding.overridable ? ' (no override)' : ''} · score{' '}
                  {finding.score.toFixed(2)} · <span class="muted">{finding.reason}</span>
                </li>
              ))}
            </ul>
          )}
          {masked !== undefined && (
            <pre data-testid="guard-try-masked" style={{ whiteSpace: 'pre-wrap' }}>
              {masked}
            </pre>
          )}
        </>
      )}
    </div>
  );
}

/** The customers section in words: what the QA lead's policy makes of another customer's values. */
function customersSummary(policy: RedactionPolicy): string {
  const rules = customerRules(policy);
  if (rules.wrongCustomer === 'off') return 'This policy does not check replies for other customers’ values.';
  return `A value seen on another customer's ticket this shift (${[...rules.remember].join(', ')}) gets "${rules.wrongCustomer}"; the memory lasts ${rules.shiftMs / 3_600_000} hours.`;
}

/**
 * The try-it box's customer-aware check: the other ticket's identifiers remembered as the guard would (a salt of
 * this page's own, nothing stored), then the text marked. The first line that looks like a name is the customer's.
 */
function markOtherCustomer(
  text: string,
  findings: readonly EvaluatedFinding[],
  other: string,
  policy: RedactionPolicy,
): EvaluatedFinding[] {
  if (!other.trim()) return [...findings];
  const rules = customerRules(policy);
  const hash = keyHasher(TRY_SALT);
  const otherFindings = evaluate(other, policy);
  const name = /\b(?:I am|I'm|name is|regards,?|from)\s+(\p{Lu}\p{L}+(?: \p{Lu}\p{L}+)+)/u.exec(other)?.[1];
  const details = { name: name ?? null };
  const memory = new CustomerMemory();
  const customer = customerKey(details);
  memory.remember(
    {
      ticket: 'other',
      label: "the other customer's ticket",
      ...(customer ? { customer: hash(customer) } : {}),
      hashes: ticketKeys(details, [{ text: other, findings: otherFindings }], rules.remember).map(hash),
    },
    0,
  );
  return [
    ...markRemembered(text, findings, {
      hash,
      owners: new Map(memory.othersFor('this').map((owner) => [owner.hash, owner.label])),
      remember: rules.remember,
      action: rules.wrongCustomer,
      reason: (label) => `belongs to another customer (${label})`,
    }),
  ];
}

const TRY_SALT = crypto.getRandomValues(new Uint32Array(4)).join('-');

/**
 * Pasting into sites outside the helpdesk is guarded where a client's policy lists them (`guard.pasteSites`); the
 * browser must grant Deskmate access to those sites first, which only a click here can ask for.
 */
function PasteSites() {
  const [access, reload] = useLive(() => request('guard.pasteSites', {}));
  const [message, setMessage] = useState('');
  if (access.state !== 'ready' || access.value.sites.length === 0) return null;
  const { sites, missing } = access.value;
  return (
    <div class="stack" data-testid="guard-paste-sites">
      <h3 style={{ margin: 0 }}>Paste sites</h3>
      <p class="muted">
        Pasting into {sites.join(', ')} is checked with the policy of the client that lists the site.{' '}
        {missing.length === 0
          ? 'Deskmate has access to all of them.'
          : `Deskmate needs access to ${missing.length === sites.length * 2 ? 'them' : 'some of them'} first.`}
      </p>
      {missing.length > 0 && (
        <div class="row">
          <button
            type="button"
            data-testid="guard-paste-grant"
            onClick={async () => {
              // Inside the click: browsers grant access only during a user gesture.
              const granted = await browser.permissions.request({ origins: missing });
              setMessage(granted ? '' : 'The browser did not grant access.');
              reload();
            }}
          >
            Grant access to {missing.length === sites.length * 2 ? 'these sites' : 'the rest'}
          </button>
          {message && <span role="alert">{message}</span>}
        </div>
      )}
    </div>
  );
}

export function GuardSection() {
  return (
    <section class="stack" aria-labelledby="guard-heading">
      <h2 id="guard-heading">Data guard</h2>
      <p class="muted">
        The client's redaction policy: for each type of sensitive data (cards, national ids, bank details,
        secrets…), whether it is only underlined, needs confirming, is masked automatically or blocks sending,
        and whether agents may send anyway with a written reason. No policy means Deskmate's default policy.
      </p>
      <div class="card">
        <DocumentSettingEditor
          settingKey="guard.policy"
          validate={validate}
          fileStem="redaction-policy"
          schemaPath="schemas/redaction-policy.schema.json"
        />
      </div>
      <div class="card">
        <CustomersEditor />
      </div>
      <PasteSites />
      <div class="card">
        <TryIt />
      </div>
    </section>
  );
}
