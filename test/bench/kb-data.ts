/**
 * The knowledge-base benchmark data, built mechanically from the public datasets in `../shared/data` (never tuned
 * against the test split): one article per intent, and labelled customer messages split into train/val/test.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { ArticleRecord } from '../../src/core/knowledge/article.ts';

export const DATA_DIR = new URL('../../../shared/data/', import.meta.url);

export interface LabelledMessage {
  text: string;
  /** The article id answering it; null for out-of-scope messages. */
  articleId: string | null;
}

export interface KbDataset {
  name: string;
  articles: ArticleRecord[];
  train: LabelledMessage[];
  val: LabelledMessage[];
  test: LabelledMessage[];
  /** Out-of-scope messages (no article answers them), when the dataset has them. */
  oosVal: LabelledMessage[];
  oosTest: LabelledMessage[];
}

export class MissingDataError extends Error {}

async function readData(path: string): Promise<string> {
  const url = new URL(path, DATA_DIR);
  try {
    return await readFile(url, 'utf8');
  } catch {
    throw new MissingDataError(
      `benchmark data not found: ${url.pathname} (the kb benchmarks read the public datasets from ../shared/data next to the repo)`,
    );
  }
}

/** `card_declined` → `Card declined`. */
export function humanise(name: string): string {
  const text = name.replace(/_/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * CLINC150: articles are written from the intent and domain names only, by one fixed template — the kind of short
 * article a team writes before it has any history, and nothing learnt from the messages.
 */
export async function loadClinc(): Promise<KbDataset> {
  const data = JSON.parse(await readData('clinc150/data_full.json')) as Record<
    string,
    Array<[string, string]>
  >;
  const domains = JSON.parse(await readData('clinc150/domains.json')) as Record<string, string[]>;
  const articles: ArticleRecord[] = [];
  for (const [domain, intents] of Object.entries(domains)) {
    for (const intent of intents) {
      const topic = humanise(intent).toLowerCase();
      const area = humanise(domain).toLowerCase();
      articles.push({
        id: intent,
        title: humanise(intent),
        body: `How we can help you with ${topic}. This answer covers questions about ${topic} (${area}).`,
        tags: [area],
      });
    }
  }
  const messages = (key: string) =>
    (data[key] ?? []).map(([text, label]) => ({ text, articleId: label === 'oos' ? null : label }));
  return {
    name: 'CLINC150',
    articles,
    train: messages('train'),
    val: messages('val'),
    test: messages('test'),
    oosVal: messages('oos_val'),
    oosTest: messages('oos_test'),
  };
}

/**
 * Bitext: one article per intent whose body is the canned answer of the intent's first row; messages split
 * 60/20/20 by a hash of the text (stable across runs and machines). No out-of-scope set.
 */
export async function loadBitext(): Promise<KbDataset> {
  const parsed = Papa.parse<Record<string, string>>(
    await readData('bitext/Bitext_Sample_Customer_Support_Training_Dataset.csv'),
    { header: true, skipEmptyLines: true },
  );
  const articles = new Map<string, ArticleRecord>();
  const dataset: KbDataset = {
    name: 'Bitext',
    articles: [],
    train: [],
    val: [],
    test: [],
    oosVal: [],
    oosTest: [],
  };
  for (const row of parsed.data) {
    const intent = row.intent ?? '';
    const text = row.instruction ?? '';
    if (!intent || !text) continue;
    if (!articles.has(intent)) {
      articles.set(intent, {
        id: intent,
        title: humanise(intent),
        body: row.response ?? '',
        tags: [humanise(row.category ?? '').toLowerCase()],
      });
    }
    const bucket = createHash('sha1').update(text).digest()[0]! % 10;
    const split = bucket < 6 ? dataset.train : bucket < 8 ? dataset.val : dataset.test;
    split.push({ text, articleId: intent });
  }
  dataset.articles = [...articles.values()];
  return dataset;
}
