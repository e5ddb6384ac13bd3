/**
 * Size limits on everything Deskmate reads in bulk, in one place. Without them one hostile or broken file — a
 * 20 MB JSONL line, 200,000 articles, a 12 MB text to redact — freezes the options page or the worker, or runs
 * the CLI for minutes. Each limit is far above real use (a large helpdesk has a few thousand macros) and each
 * error names the limit it hit. The README's "Limits" table lists the same numbers (keep them in step).
 */

export const KB = 1024;
export const MB = 1024 * KB;

export const LIMITS = {
  /** A knowledge-base file of any format (JSONL, JSON, CSV, helpdesk exports). */
  knowledgeFileBytes: 64 * MB,
  /** Articles (lines, rows, items) in one knowledge-base file. */
  knowledgeRecords: 100_000,
  /** One record: a JSONL line or a CSV row (an article body is rarely above 100 KB). */
  recordBytes: 1 * MB,
  /** A JSON document read whole: a redaction or SLA policy, settings, a client pack, synonyms, a manifest. */
  jsonDocumentBytes: 4 * MB,
  /** An SLA events file (JSONL). */
  eventsFileBytes: 256 * MB,
  /** Lines in an SLA events file, or in a scan / suggest JSONL input. */
  jsonlLines: 1_000_000,
  /**
   * Text redacted or scanned as one piece (`deskmate redact`, `deskmate scan` without --jsonl). Large enough for
   * a long ticket export; for more, split the file or use `scan --jsonl`, which streams line by line.
   */
  textBytes: 4 * MB,
} as const;

export type LimitName = keyof typeof LIMITS;

/** `1 MB`, `64 MB`, `512 KB`, `100,000`: how a limit is written in messages and docs. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= KB && bytes % KB === 0) return `${bytes / KB} KB`;
  return `${bytes} bytes`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** UTF-8 byte length of a string (the core has no TextEncoder); a lone surrogate counts as its 3-byte U+FFFD. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** True when `text` is certainly longer than `maxBytes` in UTF-8, counting exactly only near the limit. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8Length(text) > maxBytes;
}
