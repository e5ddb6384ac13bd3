/**
 * The knowledge article: one canned answer of one client company. Imports produce `ArticleRecord`s (what a file
 * says); the store keeps `Article`s (the record plus the client it belongs to, derived fields and usage).
 */
import * as v from 'valibot';
import { htmlToText, looksLikeHtml } from './html-text.ts';
import { parseSnippet } from './snippet.ts';

const nonBlank = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.trim(), v.nonEmpty(`${what} must not be empty`));

/** A `;shortcut`: letters, digits, `-`, `_`, `.`, `/`; no spaces (the inline completion ends at a space). */
export const ShortcutSchema = v.pipe(
  v.string('shortcut must be a string'),
  v.trim(),
  v.regex(/^;?[\p{L}\p{N}][\p{L}\p{N}._/-]*$/u, 'shortcut must be one word (letters, digits, . _ - /)'),
  v.transform((value) => value.replace(/^;/, '').toLowerCase()),
);

export const LocaleSchema = v.pipe(
  v.string('locale must be a string'),
  v.trim(),
  v.regex(
    /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/,
    'locale must be a language tag such as "en" or "pt-BR"',
  ),
  v.transform((value) => value.replace(/_/g, '-')),
);

/** One line of a Deskmate JSONL file, one element of a Deskmate JSON array, one CSV row. */
export const ArticleRecordSchema = v.object({
  id: v.pipe(
    v.union([v.string(), v.number()], 'id must be a string'),
    v.transform(String),
    v.trim(),
    v.nonEmpty('id must not be empty'),
  ),
  title: nonBlank('title'),
  body: v.pipe(v.string('body must be a string'), v.nonEmpty('body must not be empty')),
  tags: v.optional(v.array(nonBlank('each tag'), 'tags must be an array of strings'), []),
  locale: v.optional(LocaleSchema),
  shortcut: v.optional(ShortcutSchema),
  folder: v.optional(v.pipe(v.string('folder must be a string'), v.trim())),
  /** Articles sharing a group are locale variants of one answer; defaults to the shortcut, then the id. */
  group: v.optional(nonBlank('group')),
});

export type ArticleRecord = v.InferOutput<typeof ArticleRecordSchema>;

export const UsageSchema = v.object({
  shown: v.number(),
  inserted: v.number(),
  /** Inserted, then changed by the agent before sending: a hint the answer needs work. */
  edited: v.number(),
  sent: v.number(),
});
export type Usage = v.InferOutput<typeof UsageSchema>;

export const ArticleSchema = v.object({
  ...ArticleRecordSchema.entries,
  clientId: nonBlank('clientId'),
  bodyFormat: v.picklist(['text', 'html']),
  /** Page variables the body uses (canonical names), derived from its template syntax. */
  placeholders: v.array(v.string()),
  usage: UsageSchema,
});
export type Article = v.InferOutput<typeof ArticleSchema>;

export const EMPTY_USAGE: Usage = { shown: 0, inserted: 0, edited: 0, sent: 0 };

/** A stored article from an imported record: derives the body format and placeholders, keeps any usage. */
export function toArticle(record: ArticleRecord, clientId: string, usage: Usage = EMPTY_USAGE): Article {
  return {
    ...record,
    clientId,
    bodyFormat: looksLikeHtml(record.body) ? 'html' : 'text',
    placeholders: parseSnippet(record.body).variables,
    usage: { ...usage },
  };
}

/** The key that groups locale variants of one answer. */
export function articleGroup(article: Pick<ArticleRecord, 'id' | 'group' | 'shortcut'>): string {
  return article.group ?? (article.shortcut ? `;${article.shortcut}` : `#${article.id}`);
}

/** The body as plain text, for indexing and previews. */
export function articlePlainText(article: Pick<ArticleRecord, 'body'>): string {
  return looksLikeHtml(article.body) ? htmlToText(article.body) : article.body;
}

/** The record a file holds for an article (usage and derived fields stripped), for export. */
export function toRecord(article: ArticleRecord): ArticleRecord {
  const { id, title, body, tags, locale, shortcut, folder, group } = article;
  return { id, title, body, tags, locale, shortcut, folder, group };
}
