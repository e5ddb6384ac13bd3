/**
 * The custom site form of Options › Sites: every field of a site definition (src/core/settings/custom-site.ts)
 * without JSON, each with its label, its help and the schema's message for it right there; access to the site
 * with the browser's answer (or lack of one); and, per selector, "Pick on the open tab" (the element picker, see
 * ./tab-picker.ts) with a live, masked preview of what the selectors read on that tab.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import { builtInSites } from '../../../content/sites/built-in.ts';
import { cssAccepts } from '../../../content/sites/custom.ts';
import { selfHostedAdapters } from '../../../content/sites/index.ts';
import { linearPatternProblem } from '../../../core/linear-pattern.ts';
import {
  BUILT_IN_ADAPTER_IDS,
  type CustomSite,
  customSiteSchemaWith,
  PER_MESSAGE_KEYS,
  SELECTOR_FIELDS,
  SELECTOR_KEYS,
  type SelectorKey,
  SITE_FIELD_HELP,
} from '../../../core/settings/custom-site.ts';
import { toValidationErrors, type ValidationError } from '../../../core/validation.ts';
import type { PickResult, SelectorPreview } from '../../../messaging/picker.ts';
import { ACCESS_TEXT, useAccess } from './access.ts';
import { errorsByField, idFrom, type SiteDraft, siteFromDraft } from './draft.ts';
import { cancelPick, type OpenTab, openTabsFor, pickOnTab, previewOnTab } from './tab-picker.ts';

let schema: ReturnType<typeof customSiteSchemaWith> | undefined;
/** The one schema, with the checks this page can make: the browser's CSS parser and the linear-time patterns. */
function validateSite(site: unknown, others: readonly CustomSite[]): ValidationError[] {
  schema ??= customSiteSchemaWith({ cssAccepts, patternProblem: linearPatternProblem });
  const result = v.safeParse(schema, site);
  const errors = result.success ? [] : toValidationErrors(result.issues);
  const id = (site as { id?: unknown }).id;
  if (others.some((other) => other.id === id))
    errors.push({ path: '/id', message: 'another custom site has this id' });
  return errors;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const adapterNames = new Map(
  [...builtInSites, ...selfHostedAdapters].map((adapter) => [adapter.id, adapter.name] as const),
);

export interface SiteEditorProps {
  initial: SiteDraft;
  /** The other custom sites (their ids must differ). */
  others: readonly CustomSite[];
  /** Whether this creates a site (its id follows its name until edited). */
  isNew: boolean;
  /** Saves the site; rejects with the worker's refusal (its paths from the site). */
  save(site: unknown): Promise<void>;
  /** The errors of the worker's refusal, for the site being saved. */
  refusal?: ValidationError[];
  onCancel(): void;
}

export function SiteEditor(props: SiteEditorProps) {
  const [draft, setDraft] = useState<SiteDraft>(props.initial);
  const [idEdited, setIdEdited] = useState(!props.isNew);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'info'; text: string }>();
  const matches = useMemo(() => lines(draft.matches), [draft.matches]);
  const { access, ask } = useAccess(matches);

  const site = useMemo(() => siteFromDraft(draft), [draft]);
  const errors = useMemo(
    () => errorsByField([...validateSite(site, props.others), ...(props.refusal ?? [])]),
    [site, props.others, props.refusal],
  );
  const errorFor = (field: string) => (submitted || touched.has(field) ? (errors.get(field) ?? []) : []);
  const touch = (field: string) => setTouched((before) => new Set(before).add(field));
  const update = (change: Partial<SiteDraft>) => setDraft((before) => ({ ...before, ...change }));

  // The open tabs of the site, for picking and previews (only with access: the browser shows nothing else).
  const [tabs, setTabs] = useState<OpenTab[]>([]);
  const [tabId, setTabId] = useState<number>();
  useEffect(() => {
    if (access.state !== 'granted') {
      setTabs([]);
      return;
    }
    let live = true;
    const load = () =>
      openTabsFor(matches).then((found) => {
        if (!live) return;
        setTabs(found);
        setTabId((chosen) => (found.some((tab) => tab.id === chosen) ? chosen : found[0]?.id));
      });
    void load();
    const timer = setInterval(load, 3_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [access.state, matches]);

  const [previews, setPreviews] = useState<Partial<Record<SelectorKey, SelectorPreview | { error: string }>>>(
    {},
  );
  const [picking, setPicking] = useState<SelectorKey>();
  const canUseTab = access.state === 'granted' && tabId !== undefined;
  const previewRequest = (field: SelectorKey, selectors: string[]) => ({
    field,
    selectors,
    messages: lines(draft.selectors.message),
    ...(draft.ticketIdAttribute.trim() ? { attribute: draft.ticketIdAttribute.trim() } : {}),
  });
  const refreshPreview = async (field: SelectorKey, selectors = lines(draft.selectors[field])) => {
    if (!canUseTab || tabId === undefined) return;
    if (!selectors.length) {
      setPreviews((before) => ({ ...before, [field]: undefined }));
      return;
    }
    try {
      const preview = await previewOnTab(tabId, previewRequest(field, selectors));
      setPreviews((before) => ({ ...before, [field]: preview }));
    } catch (error) {
      setPreviews((before) => ({ ...before, [field]: { error: (error as Error).message } }));
    }
  };
  // Live: what each selector list reads, again whenever it changes (debounced) or the tab does.
  const previewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when what it reads changes
  useEffect(() => {
    clearTimeout(previewTimer.current);
    if (!canUseTab || picking) return;
    previewTimer.current = setTimeout(() => {
      for (const key of SELECTOR_KEYS) void refreshPreview(key);
    }, 400);
    return () => clearTimeout(previewTimer.current);
  }, [canUseTab, tabId, draft.selectors, draft.ticketIdAttribute, picking]);

  const pick = async (field: SelectorKey) => {
    if (tabId === undefined) return;
    setPicking(field);
    setStatus({
      kind: 'info',
      text: `Picking the ${SELECTOR_FIELDS[field].label} on the open tab: click it there, or press Esc in that tab to cancel.`,
    });
    let result: PickResult;
    try {
      result = await pickOnTab(tabId, {
        field,
        label: SELECTOR_FIELDS[field].label,
        messages: lines(draft.selectors.message),
      });
    } catch (error) {
      result = { status: 'failed', message: (error as Error).message };
    }
    setPicking(undefined);
    if (result.status === 'picked') {
      const rest = lines(draft.selectors[field]).filter((line) => line !== result.selector);
      const next = [result.selector, ...rest];
      setDraft((before) => ({ ...before, selectors: { ...before.selectors, [field]: next.join('\n') } }));
      setPreviews((before) => ({ ...before, [field]: result.preview }));
      setStatus({ kind: 'ok', text: `Picked the ${SELECTOR_FIELDS[field].label}: ${result.selector}` });
    } else if (result.status === 'cancelled') setStatus({ kind: 'info', text: 'Picking cancelled.' });
    else setStatus({ kind: 'error', text: `Could not pick: ${result.message}` });
    document.getElementById(`site-selectors-${field}`)?.focus();
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (validateSite(site, props.others).length > 0) {
      setStatus({ kind: 'error', text: 'Fix the fields marked below, then save again.' });
      return;
    }
    // In the click itself, before any await: the browser asks the user only during the gesture. The answer is
    // not waited for: the site is saved either way, and the access line below says what the browser did.
    if (access.state !== 'granted') void ask();
    setSaving(true);
    props.save(site).then(
      () => setSaving(false),
      (error: Error) => {
        setSaving(false);
        setStatus({ kind: 'error', text: error.message });
      },
    );
  };

  const field = (name: string) => {
    const list = errorFor(name);
    return {
      invalid: list.length > 0,
      describedBy: [`help-${name}`, list.length ? `error-${name}` : ''].filter(Boolean).join(' '),
      errors: list,
    };
  };

  return (
    <form class="site-editor stack" onSubmit={onSubmit} noValidate aria-label="Custom site">
      {status && (
        <div
          class={`notice ${status.kind === 'info' ? '' : status.kind}`}
          role={status.kind === 'error' ? 'alert' : 'status'}
        >
          {status.text}
        </div>
      )}
      <Errors name="site" list={errorFor('site')} />

      <fieldset>
        <legend>Site</legend>
        <TextField
          name="name"
          label="Name"
          help={SITE_FIELD_HELP.name}
          value={draft.name}
          state={field('name')}
          onInput={(name) => update(idEdited ? { name } : { name, id: idFrom(name) })}
          onBlur={() => touch('name')}
        />
        <TextField
          name="id"
          label="Id"
          help={SITE_FIELD_HELP.id}
          value={draft.id}
          state={field('id')}
          disabled={!props.isNew}
          onInput={(id) => {
            setIdEdited(true);
            update({ id });
          }}
          onBlur={() => touch('id')}
        />
        <TextField
          name="matches"
          label="Addresses (one per line)"
          help={SITE_FIELD_HELP.matches}
          value={draft.matches}
          multiline
          placeholder="https://crm.example.com/*"
          state={field('matches')}
          onInput={(value) => {
            const first = lines(value)[0];
            const host = first && /^[^:]+:\/\/([^/:]+)/.exec(first)?.[1];
            update(
              !idEdited && !draft.name && host ? { matches: value, id: idFrom(host) } : { matches: value },
            );
          }}
          onBlur={() => touch('matches')}
        />
        <div class="field" data-field="access">
          <span class="field-label">Access</span>
          <div class="row">
            <span class={`badge access-${access.state}`} data-access={access.state} role="status">
              {access.state === 'error'
                ? `${ACCESS_TEXT.error} ${access.message}`
                : ACCESS_TEXT[access.state]}
            </span>
            {matches.length > 0 && access.state !== 'granted' && access.state !== 'checking' && (
              <button type="button" onClick={() => void ask()}>
                Allow access
              </button>
            )}
          </div>
        </div>
        <SelectField
          name="adapter"
          label="Built-in adapter"
          help={SITE_FIELD_HELP.adapter}
          value={draft.adapter}
          state={field('adapter')}
          options={[
            ['', 'None: this site’s own selectors (or a self-hosted app recognised on the page)'],
            ...BUILT_IN_ADAPTER_IDS.map((id) => [id, adapterNames.get(id) ?? id] as [string, string]),
          ]}
          onChange={(adapter) => update({ adapter })}
        />
        <CheckField
          name="overrides"
          label="Take these addresses over from a built-in adapter"
          help={SITE_FIELD_HELP.overrides}
          checked={draft.overrides}
          onChange={(overrides) => update({ overrides })}
        />
      </fieldset>

      <fieldset>
        <legend>Ticket id</legend>
        <TextField
          name="ticketPath"
          label="From the path"
          help={SITE_FIELD_HELP.ticketPath}
          value={draft.ticketPath}
          placeholder="/cases/(\d+)"
          state={field('ticketPath')}
          onInput={(ticketPath) => update({ ticketPath })}
          onBlur={() => touch('ticketPath')}
        />
        <TextField
          name="ticketUrl"
          label="From the whole address (query string, hash)"
          help={SITE_FIELD_HELP.ticketUrl}
          value={draft.ticketUrl}
          placeholder="[?&]id=(\d+)"
          state={field('ticketUrl')}
          onInput={(ticketUrl) => update({ ticketUrl })}
          onBlur={() => touch('ticketUrl')}
        />
        <TextField
          name="ticketIdAttribute"
          label="Ticket id attribute"
          help={SITE_FIELD_HELP.ticketIdAttribute}
          value={draft.ticketIdAttribute}
          placeholder="data-ticket-id"
          state={field('ticketIdAttribute')}
          onInput={(ticketIdAttribute) => update({ ticketIdAttribute })}
          onBlur={() => touch('ticketIdAttribute')}
        />
      </fieldset>

      <fieldset>
        <legend>What Deskmate reads and writes</legend>
        <p class="muted" id="help-selectors">
          {SITE_FIELD_HELP.selectors} One per line.{' '}
          {access.state !== 'granted'
            ? 'Allow access to pick elements on an open tab of the site.'
            : tabs.length === 0
              ? 'Open the site in a tab to pick elements on it.'
              : ''}
        </p>
        {access.state === 'granted' && tabs.length > 0 && (
          <div class="row">
            <label class="row" for="site-tab">
              Open tab
            </label>
            <select
              id="site-tab"
              value={tabId === undefined ? '' : String(tabId)}
              onChange={(event) => setTabId(Number((event.currentTarget as HTMLSelectElement).value))}
            >
              {tabs.map((tab) => (
                <option key={tab.id} value={tab.id}>
                  {tab.where}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => SELECTOR_KEYS.forEach((key) => void refreshPreview(key))}>
              Refresh previews
            </button>
            {picking && tabId !== undefined && (
              <button type="button" onClick={() => void cancelPick(tabId)}>
                Cancel picking
              </button>
            )}
          </div>
        )}
        <Errors name="selectors" list={errorFor('selectors')} />
        <div class="selector-grid">
          {SELECTOR_KEYS.map((key) => (
            <SelectorField
              key={key}
              field={key}
              value={draft.selectors[key]}
              state={field(`selectors.${key}`)}
              preview={previews[key]}
              canPick={canUseTab && !picking}
              picking={picking === key}
              onInput={(value) =>
                setDraft((before) => ({ ...before, selectors: { ...before.selectors, [key]: value } }))
              }
              onBlur={() => touch(`selectors.${key}`)}
              onPick={() => void pick(key)}
            />
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Which messages are the customer’s</legend>
        <p class="muted">{SITE_FIELD_HELP.messageRole}</p>
        <Errors name="messageRole" list={errorFor('messageRole')} />
        <TextField
          name="messageRole.attribute"
          label="Attribute"
          help={SITE_FIELD_HELP['messageRole.attribute']}
          value={draft.roleAttribute}
          placeholder="data-author-role"
          state={field('messageRole.attribute')}
          onInput={(roleAttribute) => update({ roleAttribute })}
          onBlur={() => touch('messageRole.attribute')}
        />
        <TextField
          name="messageRole.customer"
          label="Customer values (comma-separated)"
          help={SITE_FIELD_HELP['messageRole.customer']}
          value={draft.roleCustomer}
          placeholder="customer, $requesterEmail"
          state={field('messageRole.customer')}
          onInput={(roleCustomer) => update({ roleCustomer })}
          onBlur={() => touch('messageRole.customer')}
        />
        <TextField
          name="messageRole.agent"
          label="Agent values (comma-separated)"
          help={SITE_FIELD_HELP['messageRole.agent']}
          value={draft.roleAgent}
          placeholder="agent, staff"
          state={field('messageRole.agent')}
          onInput={(roleAgent) => update({ roleAgent })}
          onBlur={() => touch('messageRole.agent')}
        />
        <TextField
          name="messageRole.on"
          label="Read it on (selector inside the message, optional)"
          help={SITE_FIELD_HELP['messageRole.on']}
          value={draft.roleOn}
          placeholder=".author"
          state={field('messageRole.on')}
          onInput={(roleOn) => update({ roleOn })}
          onBlur={() => touch('messageRole.on')}
        />
        <SelectField
          name="messageRole.otherwise"
          label="Otherwise"
          help={SITE_FIELD_HELP['messageRole.otherwise']}
          value={draft.roleOtherwise}
          state={field('messageRole.otherwise')}
          options={[
            ['', 'Customer (default)'],
            ['customer', 'Customer'],
            ['agent', 'Agent'],
          ]}
          onChange={(value) => update({ roleOtherwise: value as SiteDraft['roleOtherwise'] })}
        />
      </fieldset>

      <fieldset>
        <legend>Sending and what is required</legend>
        <CheckField
          name="sendsOnEnter"
          label="Enter sends the reply"
          help={SITE_FIELD_HELP.sendsOnEnter}
          checked={draft.sendsOnEnter}
          onChange={(sendsOnEnter) => update({ sendsOnEnter })}
        />
        <FieldChoice
          name="required"
          legend="Required on every ticket page"
          help={SITE_FIELD_HELP.required}
          chosen={draft.required}
          errors={errorFor('required')}
          onChange={(required) => update({ required })}
        />
        <div class="stack" data-field="requiredOn">
          <strong>Required on some pages only</strong>
          <p class="muted" id="help-requiredOn">
            {SITE_FIELD_HELP.requiredOn}
          </p>
          <Errors name="requiredOn" list={errorFor('requiredOn')} />
          {draft.requiredOn.map((page, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the entries have no identity but their place
            <div class="card stack" key={index} data-required-on={index}>
              <TextField
                name={`requiredOn.${index}.url`}
                label={`Page ${index + 1}: address pattern`}
                help={SITE_FIELD_HELP['requiredOn.url']}
                value={page.url}
                placeholder="/Ticket/Update\.html"
                state={field(`requiredOn.${index}.url`)}
                onInput={(url) =>
                  update({ requiredOn: draft.requiredOn.map((p, i) => (i === index ? { ...p, url } : p)) })
                }
                onBlur={() => touch(`requiredOn.${index}.url`)}
              />
              <FieldChoice
                name={`requiredOn.${index}.required`}
                legend={`Page ${index + 1}: required there`}
                help={SITE_FIELD_HELP['requiredOn.required']}
                chosen={page.required}
                errors={errorFor(`requiredOn.${index}.required`)}
                onChange={(required) =>
                  update({
                    requiredOn: draft.requiredOn.map((p, i) => (i === index ? { ...p, required } : p)),
                  })
                }
              />
              <div>
                <button
                  type="button"
                  onClick={() => update({ requiredOn: draft.requiredOn.filter((_, i) => i !== index) })}
                >
                  Remove page {index + 1}
                </button>
              </div>
            </div>
          ))}
          <div>
            <button
              type="button"
              onClick={() => update({ requiredOn: [...draft.requiredOn, { url: '', required: [] }] })}
            >
              Add a page
            </button>
          </div>
        </div>
      </fieldset>

      <div class="row">
        <button type="submit" class="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save site'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface FieldState {
  invalid: boolean;
  describedBy: string;
  errors: string[];
}

function Errors(props: { name: string; list: string[] }) {
  if (!props.list.length) return null;
  return (
    <ul class="field-error" id={`error-${props.name}`} data-error-for={props.name}>
      {props.list.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function Field(props: { name: string; children: ComponentChildren; help: string; errors: string[] }) {
  return (
    <div class="field" data-field={props.name}>
      {props.children}
      <div class="muted field-help" id={`help-${props.name}`}>
        {props.help}
      </div>
      <Errors name={props.name} list={props.errors} />
    </div>
  );
}

const idOf = (name: string) => `site-${name.replace(/\./g, '-')}`;

function TextField(props: {
  name: string;
  label: string;
  help: string;
  value: string;
  state: FieldState;
  multiline?: boolean;
  placeholder?: string;
  disabled?: boolean;
  onInput(value: string): void;
  onBlur?(): void;
}) {
  const common = {
    id: idOf(props.name),
    name: props.name,
    value: props.value,
    placeholder: props.placeholder,
    disabled: props.disabled,
    'aria-invalid': props.state.invalid ? ('true' as const) : undefined,
    'aria-describedby': props.state.describedBy,
    onInput: (event: Event) => props.onInput((event.currentTarget as HTMLInputElement).value),
    onBlur: props.onBlur,
    spellcheck: false,
  };
  return (
    <Field name={props.name} help={props.help} errors={props.state.errors}>
      <label class="field-label" for={common.id}>
        {props.label}
      </label>
      {props.multiline ? (
        <textarea rows={Math.max(2, props.value.split('\n').length)} {...common} />
      ) : (
        <input type="text" {...common} />
      )}
    </Field>
  );
}

function SelectField(props: {
  name: string;
  label: string;
  help: string;
  value: string;
  state: FieldState;
  options: Array<[string, string]>;
  onChange(value: string): void;
}) {
  const id = idOf(props.name);
  return (
    <Field name={props.name} help={props.help} errors={props.state.errors}>
      <label class="field-label" for={id}>
        {props.label}
      </label>
      <select
        id={id}
        value={props.value}
        aria-invalid={props.state.invalid ? 'true' : undefined}
        aria-describedby={props.state.describedBy}
        onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

function CheckField(props: {
  name: string;
  label: string;
  help: string;
  checked: boolean;
  onChange(value: boolean): void;
}) {
  const id = idOf(props.name);
  return (
    <Field name={props.name} help={props.help} errors={[]}>
      <label class="row" for={id}>
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          aria-describedby={`help-${props.name}`}
          onChange={(event) => props.onChange((event.currentTarget as HTMLInputElement).checked)}
        />
        {props.label}
      </label>
    </Field>
  );
}

function FieldChoice(props: {
  name: string;
  legend: string;
  help: string;
  chosen: readonly SelectorKey[];
  errors: string[];
  onChange(value: SelectorKey[]): void;
}) {
  return (
    <fieldset class="field" data-field={props.name} aria-describedby={`help-${props.name}`}>
      <legend>{props.legend}</legend>
      <div class="muted field-help" id={`help-${props.name}`}>
        {props.help}
      </div>
      <div class="choice-grid">
        {SELECTOR_KEYS.map((key) => (
          <label key={key} class="row">
            <input
              type="checkbox"
              name={`${props.name}.${key}`}
              checked={props.chosen.includes(key)}
              onChange={(event) => {
                const on = (event.currentTarget as HTMLInputElement).checked;
                props.onChange(on ? [...props.chosen, key] : props.chosen.filter((k) => k !== key));
              }}
            />
            {SELECTOR_FIELDS[key].label}
          </label>
        ))}
      </div>
      <Errors name={props.name} list={props.errors} />
    </fieldset>
  );
}

function SelectorField(props: {
  field: SelectorKey;
  value: string;
  state: FieldState;
  preview: SelectorPreview | { error: string } | undefined;
  canPick: boolean;
  picking: boolean;
  onInput(value: string): void;
  onBlur(): void;
  onPick(): void;
}) {
  const { field } = props;
  const info = SELECTOR_FIELDS[field];
  const name = `selectors.${field}`;
  const id = idOf(name);
  const label = info.label[0]!.toUpperCase() + info.label.slice(1);
  const perMessage = PER_MESSAGE_KEYS.includes(field);
  return (
    <Field name={name} help={info.help} errors={props.state.errors}>
      <div class="row" style={{ justifyContent: 'space-between' }}>
        <label class="field-label" for={id}>
          {label}
        </label>
        <button
          type="button"
          disabled={!props.canPick}
          aria-label={`Pick the ${info.label} on the open tab`}
          onClick={props.onPick}
        >
          {props.picking ? 'Picking…' : 'Pick on the open tab'}
        </button>
      </div>
      <textarea
        id={id}
        name={name}
        rows={Math.max(1, props.value.split('\n').length)}
        value={props.value}
        spellcheck={false}
        aria-invalid={props.state.invalid ? 'true' : undefined}
        aria-describedby={`${props.state.describedBy} preview-${field}`}
        onInput={(event) => props.onInput((event.currentTarget as HTMLTextAreaElement).value)}
        onBlur={props.onBlur}
      />
      <div class="preview muted" id={`preview-${field}`} data-preview={field} aria-live="polite">
        {previewText(props.preview, perMessage)}
      </div>
    </Field>
  );
}

function previewText(preview: SelectorPreview | { error: string } | undefined, perMessage: boolean): string {
  if (!preview) return '';
  if ('error' in preview) return `Could not read the open tab: ${preview.error}`;
  if (preview.count === 0) return 'Matches nothing on the open tab.';
  const where = perMessage
    ? `in ${preview.count} message${preview.count === 1 ? '' : 's'}`
    : `${preview.count} match${preview.count === 1 ? '' : 'es'}`;
  const variant = preview.variant ? ` (variant ${preview.variant + 1})` : '';
  const reads = preview.text !== undefined ? ` · reads “${preview.text}”` : '';
  return `${where}${variant} · ${preview.kind ?? ''}${reads}`;
}
