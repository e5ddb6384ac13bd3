/** Turns candidate records into validated `ArticleRecord`s, with messages that name the line and the field. */
import * as v from 'valibot';
import { type ArticleRecord, ArticleRecordSchema } from '../article.ts';
import type { ImportIssue } from './types.ts';

export type Validated = { ok: true; record: ArticleRecord } | { ok: false; issues: ImportIssue[] };

export function validateRecord(candidate: unknown, line: number | undefined): Validated {
  const result = v.safeParse(ArticleRecordSchema, candidate);
  if (result.success) return { ok: true, record: result.output };
  return { ok: false, issues: result.issues.map((issue) => ({ line, message: describe(issue) })) };
}

function describe(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  if (path === null) return 'expected an object with id, title and body';
  if (issue.message.startsWith('Invalid key')) return `missing field "${path}"`;
  const field = path.split('.')[0] ?? path;
  if (issue.message.startsWith(field) || issue.message.startsWith('each')) {
    return path === field ? issue.message : `${issue.message} (${path})`;
  }
  return `${path}: ${issue.message}`;
}

/** Tracks ids across the file: a second article with the same id is an error, naming the first line. */
export class DuplicateIds {
  private readonly seen = new Map<string, number | undefined>();

  check(id: string, line: number | undefined): ImportIssue | undefined {
    if (this.seen.has(id)) {
      const first = this.seen.get(id);
      return {
        line,
        message: `duplicate id "${id}"${first === undefined ? '' : ` (first on line ${first})`}`,
      };
    }
    this.seen.set(id, line);
    return undefined;
  }
}
