/** Turns candidate records into validated `ArticleRecord`s, with messages that name the line and the field. */
import * as v from 'valibot';
import { issueDotPath, issueMessage } from '../../validation.ts';
import { type ArticleRecord, ArticleRecordSchema } from '../article.ts';
import type { ImportIssue } from './types.ts';

export type Validated = { ok: true; record: ArticleRecord } | { ok: false; issues: ImportIssue[] };

export function validateRecord(candidate: unknown, line: number | undefined): Validated {
  const result = v.safeParse(ArticleRecordSchema, candidate);
  if (result.success) return { ok: true, record: result.output };
  return { ok: false, issues: result.issues.map((issue) => ({ line, message: describe(issue) })) };
}

/** What is wrong and with which field; never the field's value (core/validation.ts). */
export function describe(issue: v.BaseIssue<unknown>): string {
  const path = issueDotPath(issue);
  if (path === '') return 'expected an object with id, title and body';
  const message = issueMessage(issue);
  if (message === 'missing') return `missing field "${path}"`;
  if (message === 'unknown field') return `unknown field "${path}"`;
  const field = path.split('.')[0] ?? path;
  if (message.startsWith(field) || message.startsWith('each')) {
    return path === field ? message : `${message} (${path})`;
  }
  return `${path}: ${message}`;
}

/** Tracks ids across the file: a second article with the same id is an error, naming the first line. */
export class DuplicateIds {
  private readonly seen = new Map<string, number | undefined>();

  check(id: string, line: number | undefined): ImportIssue | undefined {
    if (this.seen.has(id)) {
      const first = this.seen.get(id);
      // The id is the file's text (often an order or ticket number): the line says which one.
      return {
        line,
        message: `duplicate id${first === undefined ? '' : `: the same id as on line ${first}`}`,
      };
    }
    this.seen.set(id, line);
    return undefined;
  }
}
