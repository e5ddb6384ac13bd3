/**
 * Every setting Deskmate knows, with its type, default and where it may be changed. A setting not listed here is
 * ignored wherever it comes from (managed policy, client pack, QA lead or agent), with a warning naming it.
 * Features add their settings here; the options page renders them from this table.
 */
import * as v from 'valibot';
import { linearPatternProblem } from '../linear-pattern.ts';
import { PASTE_SITE_PATTERN } from '../pii/policy/paste-sites.ts';
import type { RedactionPolicy } from '../pii/policy/schema.ts';
import { validateRedactionPolicy } from '../pii/policy/validate.ts';
import { type SlaPolicy, validateSlaPolicy } from '../sla/index.ts';
import { safeKey, toValidationErrors, type Validated, type ValidationError } from '../validation.ts';
import { type CustomSite, customSiteListSchemaWith } from './custom-site.ts';

export const keybindingRule = v.object({
  /** e.g. `ctrl+shift+p`, `f1`, `alt+k`; a leading `-` on the command removes a default binding. */
  key: v.pipe(v.string(), v.minLength(1)),
  command: v.pipe(v.string(), v.minLength(1)),
  when: v.optional(v.string()),
});
export type KeybindingRule = v.InferOutput<typeof keybindingRule>;

export interface SettingDefinition<T = unknown> {
  key: string;
  title: string;
  description: string;
  schema: v.GenericSchema<unknown, T>;
  default: T;
  /** Who may set it below the managed layer: some settings belong to the QA lead (per client), not the agent. */
  editableBy: ReadonlyArray<'qaLead' | 'agent'>;
  /** Where the options page groups it. */
  group: 'General' | 'Workbench' | 'Answers' | 'Data guard' | 'Clocks' | 'Sites';
  /** Edited as a JSON document in its own editor rather than a form control. */
  document?: boolean;
}

/**
 * Checks a value against its setting, with the JSON pointer of each problem. Settings whose format has rules
 * beyond the schema (an SLA policy's time zone and holidays) are validated by their own module.
 */
export function validateSetting(definition: SettingDefinition, value: unknown): Validated<unknown> {
  if (definition.key === 'sla.policy' && value !== null) {
    const result = validateSlaPolicy(value);
    return result.ok ? { ok: true, value: result.policy } : { ok: false, errors: result.errors.map(atRoot) };
  }
  if (definition.key === 'guard.policy' && value !== null) {
    const result = validateRedactionPolicy(value);
    return result.ok ? { ok: true, value: result.policy } : { ok: false, errors: result.errors.map(atRoot) };
  }
  const result = v.safeParse(definition.schema, value);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, errors: toValidationErrors(result.issues) };
}

/**
 * Errors of a setting's value with paths from the settings object (`/sites.custom/0/selectorz`), as the options
 * page, the managed policy's report and a refused client pack show them: the key says which setting.
 */
export function atSetting(key: string, errors: readonly ValidationError[]): ValidationError[] {
  return errors.map((error) => ({
    path: `/${safeKey(key)}${error.path === '/' ? '' : error.path}`,
    message: error.message,
  }));
}

function atRoot(error: ValidationError): ValidationError {
  return { path: error.path || '/', message: error.message };
}

function define<K extends string, T>(
  definition: SettingDefinition<T> & { key: K },
): SettingDefinition<T> & { key: K } {
  return definition;
}

export const settingDefinitions = [
  define({
    key: 'enabled',
    title: 'Deskmate on helpdesk pages',
    description: 'Turns every in-page feature on or off. The side panel and options stay available.',
    schema: v.boolean(),
    default: true,
    editableBy: ['agent'],
    group: 'General',
  }),
  define({
    key: 'agent.name',
    title: 'Your name',
    description: 'Used for {{agent.name}} in answers when the helpdesk page does not show it.',
    schema: v.pipe(v.string(), v.maxLength(120)),
    default: '',
    editableBy: ['agent'],
    group: 'General',
  }),
  define({
    key: 'workbench.statusBar.visible',
    title: 'Status bar on helpdesk pages',
    description: 'The thin strip at the bottom of the page with the client, problems and clocks.',
    schema: v.boolean(),
    default: true,
    editableBy: ['agent'],
    group: 'Workbench',
  }),
  define({
    key: 'workbench.keybindings',
    title: 'Keybindings',
    description:
      'Your keybindings, applied over the defaults (a command prefixed with "-" removes a default).',
    schema: v.array(keybindingRule),
    default: [],
    editableBy: ['agent'],
    group: 'Workbench',
  }),
  define({
    key: 'clocks.idleThresholdSeconds',
    title: 'Idle after (seconds)',
    description: 'Handle time stops counting after this long without keyboard or mouse input.',
    schema: v.pipe(v.number(), v.integer(), v.minValue(15), v.maxValue(3600)),
    default: 60,
    editableBy: ['qaLead', 'agent'],
    group: 'Clocks',
  }),
  define({
    key: 'sites.disabled',
    title: 'Helpdesks Deskmate stays off on',
    description: 'Ids of built-in site adapters (zendesk, freshdesk, …) on which Deskmate does not run.',
    schema: v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(40))),
    default: [] as string[],
    editableBy: ['qaLead', 'agent'],
    group: 'Sites',
  }),
  define({
    key: 'sites.custom',
    title: 'Other helpdesks and in-house CRMs',
    description:
      "Sites Deskmate runs on besides the built-in helpdesks (Options › Sites defines them field by field): a name, URL match patterns and, optionally, a built-in adapter to build on, how to read the ticket id (path, query string or an attribute), selectors for what Deskmate reads and writes, which messages are the customer's and what is required on which page. Deskmate asks the browser for access to each when it is added.",
    // Selectors are checked against the browser's CSS parser where a DOM exists (the options page, the content
    // script); here, their shape and every other rule, patterns included.
    schema: customSiteListSchemaWith({ patternProblem: linearPatternProblem }),
    default: [] as CustomSite[],
    editableBy: ['qaLead', 'agent'],
    group: 'Sites',
    document: true,
  }),
  define({
    key: 'knowledge.synonyms',
    title: 'Synonyms',
    description:
      'Words and phrases the client\'s customers use for the same thing, in groups (JSON: [["refund", "money back", "reimbursement"], …]; schema: schemas/synonyms.schema.json). A message saying one of a group finds the answers that say another.',
    schema: v.pipe(
      v.array(
        v.pipe(
          v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(60))),
          v.minLength(2, 'a group needs at least two words or phrases'),
          v.maxLength(30),
        ),
      ),
      v.maxLength(2000),
    ),
    default: [] as string[][],
    editableBy: ['qaLead'],
    group: 'Answers',
    document: true,
  }),
  define({
    key: 'knowledge.imageHosts',
    title: 'Image hosts',
    description:
      "Hosts whose images an answer may show and carry into a reply, over https: the client's own CDN (`cdn.acme.com`, or `*.acme.com` for a domain and its subdomains). Every other image, and anything else an article would make the browser fetch, is removed: a remote image is a tracking pixel that tells its owner when an agent opened the answer.",
    schema: v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.toLowerCase(),
          v.regex(PASTE_SITE_PATTERN, 'a host name such as cdn.acme.com, or *.acme.com'),
        ),
      ),
      v.maxLength(50),
    ),
    default: [] as string[],
    editableBy: ['qaLead'],
    group: 'Answers',
  }),
  define({
    key: 'sla.policy',
    title: 'SLA policy',
    description:
      "The client's SLA targets, business hours, holidays and handle-time target (JSON; schema: schemas/sla-policy.schema.json). Empty means no SLA clocks for this client.",
    schema: v.nullable(v.custom<SlaPolicy>((value) => typeof value === 'object' && value !== null)),
    default: null as SlaPolicy | null,
    editableBy: ['qaLead'],
    group: 'Clocks',
    document: true,
  }),
  define({
    key: 'guard.policy',
    title: 'Redaction policy',
    description:
      "The client's rules for sensitive data in what agents send: per type, flag, warn, block or mask (JSON; schema: schemas/redaction-policy.schema.json). Empty means Deskmate's default policy.",
    schema: v.nullable(v.custom<RedactionPolicy>((value) => typeof value === 'object' && value !== null)),
    default: null as RedactionPolicy | null,
    editableBy: ['qaLead'],
    group: 'Data guard',
    document: true,
  }),
  define({
    key: 'guard.auditRetentionDays',
    title: 'Keep the data-guard audit (days)',
    description:
      'Audit entries older than this are deleted by the worker (never values, only types, hashes and actions).',
    schema: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)),
    default: 90,
    editableBy: ['qaLead'],
    group: 'Data guard',
  }),
] as const;

export type SettingKey = (typeof settingDefinitions)[number]['key'];
export type SettingValues = { [D in (typeof settingDefinitions)[number] as D['key']]: D['default'] };

const byKey = new Map<string, SettingDefinition>(
  settingDefinitions.map((definition) => [definition.key, definition as SettingDefinition]),
);

export function findSetting(key: string): SettingDefinition | undefined {
  return byKey.get(key);
}

export function defaultValues(): SettingValues {
  return Object.fromEntries(settingDefinitions.map((d) => [d.key, d.default])) as SettingValues;
}
