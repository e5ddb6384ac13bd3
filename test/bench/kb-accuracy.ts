/**
 * kb-accuracy: does the right answer come first? Deskmate's ranking against MiniSearch and FlexSearch on the same
 * articles and messages, cold (articles only) and warm (after learning from the train split), plus whether
 * out-of-scope messages get no suggestion.
 */
import { DEFAULT_THRESHOLD } from '../../src/core/knowledge/knowledge-index.ts';
import { type KbDataset, type LabelledMessage, loadBitext, loadClinc, MissingDataError } from './kb-data.ts';
import {
  deskmateRanker,
  type Examples,
  flexSearchRanker,
  miniSearchRanker,
  type Ranker,
} from './kb-peers.ts';
import { type BenchSuite, fmt, table } from './suite.ts';

interface Row {
  ranker: string;
  mode: string;
  top1: number;
  top3: number;
  threshold: string;
  answered: number;
  oosRecall: number;
  oosPrecision: number;
  msPerQuery: number;
}

function examplesOf(messages: LabelledMessage[]): Examples {
  const examples = new Map<string, string[]>();
  for (const message of messages) {
    if (message.articleId === null) continue;
    const list = examples.get(message.articleId) ?? [];
    list.push(message.text);
    examples.set(message.articleId, list);
  }
  return examples;
}

/**
 * The score threshold that best separates "right answer" from "out of scope" on the validation split (peers have
 * no threshold of their own; Deskmate's default was chosen the same way). Null when there is no OOS set.
 */
function calibrate(ranker: Ranker, dataset: KbDataset): number | null {
  if (!ranker.scored || dataset.oosVal.length === 0) return null;
  const kept = dataset.val.map((message) => {
    const [best] = ranker.rank(message.text, 1);
    return best?.id === message.articleId ? best.score : Number.NEGATIVE_INFINITY;
  });
  const rejected = dataset.oosVal.map((message) => ranker.rank(message.text, 1)[0]?.score ?? 0);
  const candidates = [...new Set([...kept, ...rejected].filter(Number.isFinite))].sort((a, b) => a - b);
  let best = { threshold: 0, correct: -1 };
  for (const threshold of [0, ...candidates.map((score) => score + 1e-9)]) {
    const correct =
      kept.filter((score) => score >= threshold).length + rejected.filter((s) => s < threshold).length;
    if (correct > best.correct) best = { threshold, correct };
  }
  return best.threshold;
}

function evaluate(ranker: Ranker, mode: string, dataset: KbDataset, threshold: number | null): Row {
  let top1 = 0;
  let top3 = 0;
  let answered = 0;
  const started = performance.now();
  for (const message of dataset.test) {
    const results = ranker.rank(message.text, 3);
    if (results[0]?.id === message.articleId) top1++;
    if (results.some((result) => result.id === message.articleId)) top3++;
    if (results.length > 0 && (threshold === null || results[0]!.score >= threshold)) answered++;
  }
  let oosSilent = 0;
  for (const message of dataset.oosTest) {
    const [best] = ranker.rank(message.text, 1);
    if (!best || (threshold !== null && best.score < threshold)) oosSilent++;
  }
  const ms = (performance.now() - started) / (dataset.test.length + dataset.oosTest.length);
  const inScopeSilent = dataset.test.length - answered;
  return {
    ranker: ranker.name,
    mode,
    top1: top1 / dataset.test.length,
    top3: top3 / dataset.test.length,
    threshold: threshold === null ? '—' : fmt(threshold, 3),
    answered: answered / dataset.test.length,
    oosRecall: dataset.oosTest.length ? oosSilent / dataset.oosTest.length : Number.NaN,
    oosPrecision: oosSilent + inScopeSilent ? oosSilent / (oosSilent + inScopeSilent) : Number.NaN,
    msPerQuery: ms,
  };
}

async function measure(dataset: KbDataset): Promise<string> {
  const rows: Row[] = [];
  for (const [mode, examples] of [
    ['cold', new Map()],
    ['warm', examplesOf(dataset.train)],
  ] as const) {
    const deskmate = deskmateRanker(dataset.articles, examples).ranker;
    rows.push(evaluate(deskmate, mode, dataset, dataset.oosTest.length ? DEFAULT_THRESHOLD : null));
    for (const peer of [
      miniSearchRanker(dataset.articles, examples),
      flexSearchRanker(dataset.articles, examples),
    ]) {
      rows.push(evaluate(peer, mode, dataset, calibrate(peer, dataset)));
    }
  }
  const counts = `${dataset.articles.length} articles; ${dataset.train.length} train / ${dataset.val.length} val / ${dataset.test.length} test messages${dataset.oosTest.length ? `; ${dataset.oosTest.length} out-of-scope test messages` : ''}`;
  return `### ${dataset.name} (${counts})\n\n${table(
    [
      'ranker',
      'mode',
      'top-1',
      'top-3',
      'threshold',
      'in-scope answered',
      'OOS recall',
      'OOS precision',
      'ms/query',
    ],
    rows.map((row) => [
      row.ranker,
      row.mode,
      fmt(row.top1, 3),
      fmt(row.top3, 3),
      row.threshold,
      fmt(row.answered, 3),
      fmt(row.oosRecall, 3),
      fmt(row.oosPrecision, 3),
      fmt(row.msPerQuery, 3),
    ]),
  )}`;
}

export const kbAccuracy: BenchSuite = {
  id: 'kb-accuracy',
  title: 'Answers: ranking accuracy (Deskmate vs MiniSearch vs FlexSearch)',
  async run() {
    let datasets: KbDataset[];
    try {
      datasets = [await loadClinc(), await loadBitext()];
    } catch (error) {
      if (error instanceof MissingDataError) return `_Skipped: ${error.message}._`;
      throw error;
    }
    const sections: string[] = [];
    for (const dataset of datasets) sections.push(await measure(dataset));
    return `${METHOD}\n\n${sections.join('\n\n')}`;
  },
};

const METHOD = `One article per intent, written mechanically (CLINC150: title = intent name, body = one fixed template over
the intent and domain names; Bitext: body = the canned answer of the intent's first row). Cold = articles only;
warm = after learning the train split (Deskmate: \`learnBatch\`; peers: the same examples appended to each
article's text). top-1/top-3 are measured without a threshold. "threshold" is the confidence below which no
suggestion is shown: Deskmate's default (\`DEFAULT_THRESHOLD\`, chosen on CLINC150 val); for MiniSearch the best one
on CLINC150 val, chosen the same way; FlexSearch has no scores, so only "no result" counts as silent. OOS recall =
share of out-of-scope messages with no suggestion; OOS precision = share of silent messages that were out of scope;
in-scope answered = share of in-scope messages that got a suggestion.`;
