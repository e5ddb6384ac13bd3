/**
 * Options › Sites edits a custom site as a form, never as JSON: a draft of strings and checkboxes (one selector or
 * pattern per line), turned into a definition for the one schema (src/core/settings/custom-site.ts) and back, and
 * that schema's errors turned into messages next to the field they are about.
 */
import {
  type CustomSite,
  type CustomSiteInput,
  SELECTOR_KEYS,
  type SelectorKey,
} from '../../../core/settings/custom-site.ts';
import type { ValidationError } from '../../../core/validation.ts';

export interface SiteDraft {
  id: string;
  name: string;
  /** One match pattern per line. */
  matches: string;
  adapter: string;
  overrides: boolean;
  ticketPath: string;
  ticketUrl: string;
  ticketIdAttribute: string;
  /** Per field, one selector per line. */
  selectors: Record<SelectorKey, string>;
  roleAttribute: string;
  /** Comma-separated values. */
  roleCustomer: string;
  roleAgent: string;
  roleOn: string;
  roleOtherwise: '' | 'customer' | 'agent';
  sendsOnEnter: boolean;
  required: SelectorKey[];
  requiredOn: Array<{ url: string; required: SelectorKey[] }>;
}

export function emptyDraft(): SiteDraft {
  return {
    id: '',
    name: '',
    matches: '',
    adapter: '',
    overrides: false,
    ticketPath: '',
    ticketUrl: '',
    ticketIdAttribute: '',
    selectors: Object.fromEntries(SELECTOR_KEYS.map((key) => [key, ''])) as Record<SelectorKey, string>,
    roleAttribute: '',
    roleCustomer: '',
    roleAgent: '',
    roleOn: '',
    roleOtherwise: '',
    sendsOnEnter: false,
    required: [],
    requiredOn: [],
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
const commaList = (text: string) =>
  text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');

/** An id from a name or host: lowercase letters, digits and -. */
export function idFrom(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** The definition a draft describes (empty fields left out), for the schema to judge. */
export function siteFromDraft(draft: SiteDraft): CustomSiteInput {
  const selectors = Object.fromEntries(
    SELECTOR_KEYS.map((key) => [key, lines(draft.selectors[key])]).filter(([, list]) => list!.length > 0),
  ) as Partial<Record<SelectorKey, string[]>>;
  const role =
    draft.roleAttribute.trim() || draft.roleCustomer.trim() || draft.roleAgent.trim() || draft.roleOn.trim()
      ? {
          attribute: draft.roleAttribute.trim(),
          customer: commaList(draft.roleCustomer),
          agent: commaList(draft.roleAgent),
          ...(draft.roleOn.trim() ? { on: draft.roleOn.trim() } : {}),
          ...(draft.roleOtherwise ? { otherwise: draft.roleOtherwise } : {}),
        }
      : undefined;
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const site: Record<string, unknown> = {
    id: draft.id.trim(),
    name: draft.name.trim(),
    matches: lines(draft.matches),
    adapter: text(draft.adapter),
    overrides: draft.overrides || undefined,
    ticketPath: text(draft.ticketPath),
    ticketUrl: text(draft.ticketUrl),
    ticketIdAttribute: text(draft.ticketIdAttribute),
    selectors: Object.keys(selectors).length ? selectors : undefined,
    messageRole: role,
    sendsOnEnter: draft.sendsOnEnter || undefined,
    required: draft.required.length ? SELECTOR_KEYS.filter((key) => draft.required.includes(key)) : undefined,
    requiredOn: draft.requiredOn.length
      ? draft.requiredOn.map((page) => ({
          url: page.url.trim(),
          required: SELECTOR_KEYS.filter((key) => page.required.includes(key)),
        }))
      : undefined,
  };
  for (const key of Object.keys(site)) if (site[key] === undefined) delete site[key];
  return site as unknown as CustomSiteInput;
}

/** The draft of a stored definition. */
export function draftFromSite(site: CustomSite): SiteDraft {
  const draft = emptyDraft();
  for (const key of SELECTOR_KEYS) draft.selectors[key] = (site.selectors?.[key] ?? []).join('\n');
  return {
    ...draft,
    id: site.id,
    name: site.name,
    matches: site.matches.join('\n'),
    adapter: site.adapter ?? '',
    overrides: site.overrides ?? false,
    ticketPath: site.ticketPath ?? '',
    ticketUrl: site.ticketUrl ?? '',
    ticketIdAttribute: site.ticketIdAttribute ?? '',
    roleAttribute: site.messageRole?.attribute ?? '',
    roleCustomer: (site.messageRole?.customer ?? []).join(', '),
    roleAgent: (site.messageRole?.agent ?? []).join(', '),
    roleOn: site.messageRole?.on ?? '',
    roleOtherwise: site.messageRole?.otherwise ?? '',
    sendsOnEnter: site.sendsOnEnter ?? false,
    required: [...(site.required ?? [])],
    requiredOn: (site.requiredOn ?? []).map((page) => ({ url: page.url, required: [...page.required] })),
  };
}

/**
 * The form field an error is about (`selectors.composer`, `messageRole.customer`, `requiredOn.0.url`), and its
 * message with the line or value it points at (`line 2: not a valid CSS selector`). Errors of the whole site
 * go to `site`.
 */
export function fieldOfError(error: ValidationError): { field: string; message: string } {
  const steps = error.path.split('/').slice(1);
  const [first, second, third, fourth] = steps;
  const nth = (index: string | undefined, noun: string) =>
    index !== undefined && /^\d+$/.test(index) ? `${noun} ${Number(index) + 1}: ` : '';
  switch (first) {
    case undefined:
    case '':
      return { field: 'site', message: error.message };
    case 'matches':
      return { field: 'matches', message: `${nth(second, 'line')}${error.message}` };
    case 'selectors':
      return second && (SELECTOR_KEYS as readonly string[]).includes(second)
        ? { field: `selectors.${second}`, message: `${nth(third, 'line')}${error.message}` }
        : { field: 'selectors', message: `${second ?? ''}: ${error.message}` };
    case 'messageRole':
      if (second === 'customer' || second === 'agent')
        return { field: `messageRole.${second}`, message: `${nth(third, 'value')}${error.message}` };
      return second
        ? { field: `messageRole.${second}`, message: error.message }
        : { field: 'messageRole', message: error.message };
    case 'required':
      return { field: 'required', message: error.message };
    case 'requiredOn':
      if (second !== undefined && (third === 'url' || third === 'required'))
        return { field: `requiredOn.${second}.${third}`, message: `${nth(fourth, 'item')}${error.message}` };
      return { field: 'requiredOn', message: error.message };
    default:
      return { field: first, message: error.message };
  }
}

/** Errors grouped by form field (see fieldOfError). */
export function errorsByField(errors: readonly ValidationError[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const error of errors) {
    const { field, message } = fieldOfError(error);
    out.set(field, [...(out.get(field) ?? []), message]);
  }
  return out;
}

/**
 * The errors of one site from the worker's refusal of the whole list (`/sites.custom/2/selectors/x: …` lines),
 * with paths from the site.
 */
export function siteErrorsFromRefusal(message: string, index: number): ValidationError[] {
  const prefix = `/sites.custom/${index}`;
  const out: ValidationError[] = [];
  for (const line of message.split('\n')) {
    const at = line.indexOf(': ');
    if (at < 0 || !line.startsWith(prefix)) continue;
    const path = line.slice(prefix.length, at);
    if (path !== '' && !path.startsWith('/')) continue;
    out.push({ path: path || '/', message: line.slice(at + 2) });
  }
  return out;
}
