/** Shared types of the import parsers. */
import type { ArticleRecord } from '../article.ts';

export const IMPORT_FORMATS = [
  'deskmate-jsonl',
  'deskmate-json',
  'csv',
  'zendesk',
  'freshdesk',
  'helpscout',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A problem at a physical line of the file (1-based); no line when it concerns the whole file. */
export interface ImportIssue {
  line?: number;
  message: string;
}

/** An item the file holds that is deliberately not an article (an inactive macro, one that only sets fields). */
export interface SkippedItem {
  line?: number;
  id: string;
  reason: string;
}

export type ImportResult =
  | { ok: true; format: ImportFormat; articles: ArticleRecord[]; skipped: SkippedItem[] }
  | { ok: false; format: ImportFormat | undefined; errors: ImportIssue[] };

export interface ImportProgress {
  /** UTF-8 bytes of the file read so far. */
  bytesDone: number;
  /** As given in the options (the file's size), so a progress bar can show bytesDone / bytesTotal. */
  bytesTotal?: number;
  /** Articles (rows, lines, items) parsed so far. */
  rows: number;
}

export interface ImportOptions {
  /** Overrides auto-detection. */
  format?: ImportFormat;
  /** Helps auto-detection (`.csv`, `.jsonl`). */
  fileName?: string;
  bytesTotal?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Stop collecting after this many errors (default 20): one is enough to refuse, a few help fix the file. */
  maxErrors?: number;
}

/** Formats an issue the way every surface shows it: `line 12: title must not be empty`. */
export function formatIssue(issue: ImportIssue): string {
  return issue.line === undefined ? issue.message : `line ${issue.line}: ${issue.message}`;
}
