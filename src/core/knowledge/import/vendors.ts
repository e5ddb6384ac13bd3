/**
 * JSON document formats: Deskmate's own and the shapes helpdesk APIs return, each located in the document (where
 * the list of items is) and mapped item by item to an article candidate, which `validateRecord` then checks.
 *
 * - Zendesk macros, `GET /api/v2/macros`: `{macros: [{id, title, active, actions: [{field, value}], …}]}`; the
 *   `comment_value_html` (else `comment_value`) action is the answer. `Parent::Child` titles give the folder.
 * - Freshdesk canned responses, `GET /api/v2/canned_responses/{id}` or a folder's `/responses`:
 *   `{id, title, message_html, message_text?, folder_id, …}` (one or an array).
 * - Help Scout saved replies, `GET /v2/mailboxes/{id}/saved-replies[/{id}]`: `[{id, name, text?, chatText?,
 *   preview?}]` (the list has only `preview`; the single reply has the full `text`).
 *
 * Bodies from helpdesks have no tab stops, so `$` in them is escaped (see `escapeSnippetText`).
 */
import * as v from 'valibot';
import { issueDotPath, issueMessage } from '../../validation.ts';
import { escapeSnippetText } from '../snippet.ts';
import type { ImportFormat } from './types.ts';

export type ItemOutcome = { candidate: unknown } | { skip: string; id: string } | { error: string };

export interface DocumentFormat {
  format: ImportFormat;
  /** The items of the document in this format and the key path of their array (for line numbers), if it is one. */
  locate(document: unknown): { path: string | undefined; items: unknown[] } | undefined;
  toCandidate(item: unknown): ItemOutcome;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `[…]` at the root, `{key: […]}`, or a single object; `accept` recognises this format's items. */
function locateItems(document: unknown, keys: string[], accept: (item: Record<string, unknown>) => boolean) {
  if (Array.isArray(document)) {
    const first = document.find(isObject);
    return first && accept(first) ? { path: '', items: document } : undefined;
  }
  if (!isObject(document)) return undefined;
  for (const key of keys) {
    const [outer, inner] = key.split('/');
    const container = inner === undefined ? document : document[outer!];
    const list = isObject(container) ? container[inner ?? outer!] : undefined;
    if (Array.isArray(list)) return { path: key, items: list };
  }
  return accept(document) ? { path: undefined, items: [document] } : undefined;
}

const Id = v.union([v.number(), v.pipe(v.string(), v.nonEmpty())], 'id must be a number or a string');

function issueText(issues: v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = issueDotPath(issue);
      const message = issueMessage(issue);
      return message === 'missing' ? `missing field "${path}"` : `${path || 'item'}: ${message}`;
    })
    .join('; ');
}

const ZendeskMacro = v.looseObject({
  id: Id,
  title: v.string('title must be a string'),
  active: v.optional(v.boolean()),
  actions: v.array(v.looseObject({ field: v.string(), value: v.unknown() }), 'actions must be an array'),
});

export const zendeskMacros: DocumentFormat = {
  format: 'zendesk',
  locate: (document) =>
    isObject(document) && isObject(document.macro)
      ? { path: undefined, items: [document.macro] }
      : locateItems(document, ['macros'], (item) => Array.isArray(item.actions)),
  toCandidate(item) {
    const parsed = v.safeParse(ZendeskMacro, item);
    if (!parsed.success) return { error: issueText(parsed.issues) };
    const macro = parsed.output;
    const id = String(macro.id);
    if (macro.active === false) return { skip: 'inactive macro', id };
    const comment =
      macro.actions.find((action) => action.field === 'comment_value_html') ??
      macro.actions.find((action) => action.field === 'comment_value');
    if (!comment) return { skip: 'sets ticket fields only: no comment to insert', id };
    // Older macros hold `[channel, text]` instead of the text.
    const value = Array.isArray(comment.value) ? comment.value.at(-1) : comment.value;
    if (typeof value !== 'string') return { error: `${comment.field} value must be text` };
    const path = macro.title.split('::').map((part) => part.trim());
    const title = path.pop() ?? macro.title;
    return {
      candidate: {
        id,
        title,
        body: escapeSnippetText(value),
        ...(path.length ? { folder: path.join('/') } : {}),
      },
    };
  },
};

const FreshdeskResponse = v.looseObject({
  id: Id,
  title: v.string('title must be a string'),
  message_html: v.optional(v.nullable(v.string())),
  message_text: v.optional(v.nullable(v.string())),
  folder_id: v.optional(v.nullable(Id)),
});

export const freshdeskCannedResponses: DocumentFormat = {
  format: 'freshdesk',
  locate: (document) =>
    locateItems(document, ['canned_responses'], (item) => 'message_html' in item || 'message_text' in item),
  toCandidate(item) {
    const parsed = v.safeParse(FreshdeskResponse, item);
    if (!parsed.success) return { error: issueText(parsed.issues) };
    const response = parsed.output;
    const body = response.message_html || response.message_text;
    if (!body) return { error: 'has neither message_html nor message_text' };
    return {
      candidate: {
        id: String(response.id),
        title: response.title,
        body: escapeSnippetText(body),
        ...(response.folder_id != null ? { folder: String(response.folder_id) } : {}),
      },
    };
  },
};

const HelpScoutReply = v.looseObject({
  id: Id,
  name: v.string('name must be a string'),
  text: v.optional(v.nullable(v.string())),
  chatText: v.optional(v.nullable(v.string())),
  preview: v.optional(v.nullable(v.string())),
});

export const helpScoutSavedReplies: DocumentFormat = {
  format: 'helpscout',
  locate: (document) =>
    locateItems(document, ['_embedded/replies', 'replies'], (item) => 'name' in item && !('title' in item)),
  toCandidate(item) {
    const parsed = v.safeParse(HelpScoutReply, item);
    if (!parsed.success) return { error: issueText(parsed.issues) };
    const reply = parsed.output;
    const body = reply.text || reply.chatText || reply.preview;
    if (!body) return { error: 'has no text, chatText or preview' };
    return { candidate: { id: String(reply.id), title: reply.name, body: escapeSnippetText(body) } };
  },
};

export const deskmateJson: DocumentFormat = {
  format: 'deskmate-json',
  locate: (document) => locateItems(document, ['articles'], (item) => 'body' in item || 'title' in item),
  toCandidate: (item) => ({ candidate: item }),
};

/** In detection order: the helpdesk shapes are recognised by their distinctive keys before the generic one. */
export const DOCUMENT_FORMATS: DocumentFormat[] = [
  zendeskMacros,
  freshdeskCannedResponses,
  helpScoutSavedReplies,
  deskmateJson,
];
