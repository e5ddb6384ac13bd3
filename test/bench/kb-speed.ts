/**
 * kb-speed: a big client (20,000 articles, synthesised deterministically from the public datasets) — index build,
 * learning, query latency, palette search, snapshot size and the cold start of a service worker that reloads the
 * snapshot, side by side with MiniSearch and FlexSearch on the same articles and messages.
 */
import { readFile } from 'node:fs/promises';
import { deserialize, serialize, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Papa from 'papaparse';
import type { ArticleRecord } from '../../src/core/knowledge/article.ts';
import { KnowledgeIndex } from '../../src/core/knowledge/knowledge-index.ts';
import { kbAccuracy } from './kb-accuracy.ts';
import { DATA_DIR, humanise, MissingDataError } from './kb-data.ts';
import { type Examples, flexSearchRanker, miniSearchRanker } from './kb-peers.ts';
import { type BenchSuite, fmt, sample, summarize, table } from './suite.ts';

const ARTICLES = Number(process.env.KB_ARTICLES ?? 20_000);
const QUERIES = 1_000;
const PEER_QUERIES = 200;
/** `KB_SPEED_PEERS=0` skips MiniSearch and FlexSearch (minutes of the run) while iterating on Deskmate alone. */
const WITH_PEERS = process.env.KB_SPEED_PEERS !== '0';

export interface Corpus {
  articles: ArticleRecord[];
  /** One accepted example per article (a customer message of its intent). */
  examples: Array<{ text: string; articleId: string }>;
  queries: string[];
}

export async function synthesise(): Promise<Corpus> {
  let csv: string;
  let clinc: Record<string, Array<[string, string]>>;
  try {
    csv = await readFile(
      new URL('bitext/Bitext_Sample_Customer_Support_Training_Dataset.csv', DATA_DIR),
      'utf8',
    );
    clinc = JSON.parse(await readFile(new URL('clinc150/data_full.json', DATA_DIR), 'utf8'));
  } catch {
    throw new MissingDataError(
      `benchmark data not found in ${DATA_DIR.pathname} (../shared/data next to the repo)`,
    );
  }
  const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
  const sentences = (clinc.train ?? []).map(([text]) => text);
  const products = [
    'Basic plan',
    'Pro plan',
    'gift card',
    'smart speaker',
    'travel bag',
    'API access',
    'mobile app',
  ];
  const articles: ArticleRecord[] = [];
  const examples: Corpus['examples'] = [];
  for (let i = 0; i < ARTICLES; i++) {
    const row = rows[i % rows.length]!;
    const product = products[i % products.length]!;
    const id = `a${i}`;
    articles.push({
      id,
      title: `${humanise(row.intent ?? 'answer')} for ${product} (${Math.floor(i / rows.length) + 1})`,
      body: `${row.response ?? ''}\n\nThis applies to the ${product}. ${sentences[i % sentences.length]}`,
      tags: [(row.category ?? '').toLowerCase(), product.toLowerCase()],
      shortcut: `${(row.intent ?? 'a').replace(/_/g, '-')}-${i}`,
    });
    examples.push({
      text: `${row.instruction ?? ''} ${sentences[(i * 7) % sentences.length]}`,
      articleId: id,
    });
  }
  const queries: string[] = [];
  for (let i = 0; i < QUERIES; i++) {
    queries.push(
      i % 2 ? (rows[(i * 31) % rows.length]?.instruction ?? '') : (clinc.test?.[i * 3]?.[0] ?? ''),
    );
  }
  return { articles, examples, queries };
}

/** Heap in use after a full collection (the bench runs without --expose-gc, so it is switched on here). */
function heapUsed(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => fmt(bytes / 2 ** 20, 1);

export const kbSpeed: BenchSuite = {
  id: 'kb-speed',
  title: 'Answers: speed and size with 20,000 articles (Deskmate vs MiniSearch vs FlexSearch)',
  async run() {
    let corpus: Corpus;
    try {
      corpus = await synthesise();
    } catch (error) {
      if (error instanceof MissingDataError) return `_Skipped: ${error.message}._`;
      throw error;
    }
    const { articles, examples, queries } = corpus;
    const rows: Array<Array<string | number>> = [];
    let query = 0;
    const nextQuery = () => queries[query++ % queries.length]!;

    // Deskmate: build, query cold, learn one example per article online, query warm, snapshot, reload.
    const heapBefore = heapUsed();
    let started = performance.now();
    let index = KnowledgeIndex.build(articles);
    const buildMs = performance.now() - started;
    const heapCold = heapUsed() - heapBefore;
    const cold = await sample(() => index.suggest(nextQuery()), QUERIES);
    started = performance.now();
    for (const example of examples) index.learn(example);
    const learnMs = (performance.now() - started) / examples.length;
    const heapWarm = heapUsed() - heapBefore;
    const warm = await sample(() => index.suggest(nextQuery()), QUERIES);
    const search = await sample(() => index.search(nextQuery().slice(0, 6)), QUERIES);
    const shortcuts = await sample(() => index.completeShortcut(`;${nextQuery().slice(0, 3)}`), QUERIES);
    // The worker stores the snapshot in IndexedDB, which structured-clones it; V8's serializer is that format.
    started = performance.now();
    const snapshot = serialize(index.toSnapshot());
    const snapshotMs = performance.now() - started;
    const coldStarts: number[] = [];
    for (let i = 0; i < 3; i++) {
      started = performance.now();
      const reloaded = KnowledgeIndex.fromSnapshot(deserialize(snapshot));
      reloaded.suggest(nextQuery());
      coldStarts.push(performance.now() - started);
      index = reloaded;
    }
    const reload = summarize(coldStarts);
    rows.push(
      ['Deskmate', 'cold (articles only)', fmt(buildMs, 0), fmt(cold.p50, 3), fmt(cold.p95, 3), mb(heapCold)],
      [
        'Deskmate',
        `warm (+${examples.length} examples)`,
        '—',
        fmt(warm.p50, 3),
        fmt(warm.p95, 3),
        mb(heapWarm),
      ],
    );

    const withExamples = new Map<string, string[]>();
    for (const example of examples) withExamples.set(example.articleId, [example.text]);
    for (const [mode, peerExamples] of (WITH_PEERS
      ? [
          ['cold (articles only)', new Map()],
          [`warm (+${examples.length} examples)`, withExamples],
        ]
      : []) as Array<[string, Examples]>) {
      for (const make of [miniSearchRanker, flexSearchRanker]) {
        const before = heapUsed();
        started = performance.now();
        const peer = make(articles, peerExamples);
        const peerBuild = performance.now() - started;
        const heap = heapUsed() - before;
        // MiniSearch takes tens of milliseconds per query here: 200 queries keep the run within minutes.
        const times = await sample(() => peer.rank(nextQuery(), 3), PEER_QUERIES, 5);
        rows.push([peer.name, mode, fmt(peerBuild, 0), fmt(times.p50, 3), fmt(times.p95, 3), mb(heap)]);
      }
    }

    return [
      `${ARTICLES.toLocaleString('en')} articles synthesised deterministically from Bitext answers and CLINC150 sentences
(≈ ${Math.round(articles.reduce((sum, a) => sum + a.body.length, 0) / articles.length)} characters of body each), ${QUERIES} customer messages from both
datasets, queried round-robin (top 3; the peers ${PEER_QUERIES} of them). Heap = heap in use after a full GC, minus before building.`,
      table(['ranker', 'mode', 'build ms', 'query p50 ms', 'query p95 ms', 'heap MB'], rows),
      table(
        ['Deskmate operation', 'figure'],
        [
          ['learn one accepted example (online, mean)', `${fmt(learnMs, 3)} ms`],
          ['palette search p50 / p95', `${fmt(search.p50, 3)} / ${fmt(search.p95, 3)} ms`],
          ['shortcut completion p50 / p95', `${fmt(shortcuts.p50, 3)} / ${fmt(shortcuts.p95, 3)} ms`],
          ['snapshot size (structured clone, as IndexedDB stores it)', `${mb(snapshot.length)} MB`],
          ['snapshot serialise', `${fmt(snapshotMs, 0)} ms`],
          [
            'cold start: parse snapshot + reload + first suggestion (median of 3)',
            `${fmt(reload.p50, 0)} ms`,
          ],
        ],
      ),
    ].join('\n\n');
  },
};

/** Both knowledge-base suites, registered together. */
export const kbSuites: BenchSuite[] = [kbAccuracy, kbSpeed];
