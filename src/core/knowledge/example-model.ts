/**
 * The "warm" half of the ranking: what agents taught it. Every accepted suggestion is an example phrasing of an
 * answer; a multi-class passive-aggressive classifier (Crammer et al., 2006) over TF-IDF-weighted word, word-pair and
 * character n-gram features learns from each one in a single cheap update — no retraining, no full rebuild.
 *
 * Chosen by measurement on the CLINC150 validation split (see BENCHMARKS.md, kb-accuracy): nearest-example and
 * centroid rankers over the same features reached 0.78–0.82 top-1, the passive-aggressive model 0.93, at a
 * fraction of the query cost (its aggressiveness C = 0.3 and the n-gram sizes were chosen there too).
 *
 * Weights are sparse (feature → class → weight), so 20,000 answers cost memory only for the features their
 * examples contain; very common features and rival entries are capped (see MAX_ROW, NEGATIVE_ENTRIES_UP_TO) so a
 * big knowledge base stays within a few milliseconds per query.
 */
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions, phrasingFeatures } from './features.ts';

export interface ExampleModelOptions {
  features: FeatureOptions;
  /** Caps the step of one update, so one odd example cannot wipe out what many others taught (PA-I's C). */
  aggressiveness: number;
  /** Seeds the shuffling of batch passes: the same history always gives the same model. */
  seed: number;
}

export const DEFAULT_MODEL_OPTIONS: ExampleModelOptions = {
  features: DEFAULT_FEATURE_OPTIONS,
  aggressiveness: 0.3,
  seed: 1,
};

/** Structured-clonable (typed arrays, as IndexedDB stores them). */
export interface ExampleModelSnapshot {
  options: ExampleModelOptions;
  phrasings: number;
  features: string[];
  /** Phrasings containing `features[i]`. */
  df: Int32Array;
  /** The weights of `features[i]` are at `offsets[i] … offsets[i + 1]` of `labels` and `weights`. */
  offsets: Int32Array;
  labels: Int32Array;
  weights: Float32Array;
  trainedLabels: number[];
}

export interface ClassScore {
  label: number;
  score: number;
}

/**
 * The weights of one feature: parallel growable arrays of classes and weights. Typed arrays rather than Maps:
 * scoring walks them linearly, which is what keeps a query under a millisecond and a 15,000-example batch in seconds.
 */
interface FeatureRow {
  df: number;
  size: number;
  labels: Int32Array;
  /** Single precision: ample for margins around 1, half the memory, and a snapshot's arrays load as they are. */
  weights: Float32Array;
  /** Class → slot, built once a row is long enough that scanning `labels` for a class costs more than a lookup. */
  slots?: Map<number, number>;
}

const SLOT_INDEX_FROM = 32;
/**
 * A feature whose weights span more answers than this (e.g. "the " in a 20,000-answer base) says little about which
 * one is meant; it is skipped when scoring and learning, which bounds both the query time and the memory of big
 * knowledge bases. No feature reaches it with CLINC150's 150 answers, so it changes nothing that was tuned there.
 */
const MAX_ROW = 1024;
/** Features of one online example that are learned (its highest TF-IDF weights); see `learn`. */
const ONLINE_FEATURES = 96;
/** Row length up to which a rival may gain a new (negative) entry; see `update`. */
const NEGATIVE_ENTRIES_UP_TO = 256;

type Vector = Array<[FeatureRow, number]>;

export class ExampleModel {
  private readonly rows = new Map<string, FeatureRow>();
  private phrasings = 0;
  private readonly trainedLabels = new Set<number>();
  /** Scratch accumulator indexed by class, reused by every scoring pass (reset through `touched`). */
  private scratch = new Float64Array(64).fill(Number.NaN);

  private readonly options: ExampleModelOptions;

  constructor(options: Partial<ExampleModelOptions> = {}) {
    this.options = { ...DEFAULT_MODEL_OPTIONS, ...options };
  }

  /** Whether any example of this class was learned (classes without examples rank on their text alone). */
  knows(label: number): boolean {
    return this.trainedLabels.has(label);
  }

  get exampleCount(): number {
    return this.phrasings;
  }

  /**
   * Learns one accepted example, online. Unlike a batch pass (small steps, seen five times), this example is seen
   * once, so it takes full PA steps until the model gives it a margin of 1 (at most three): an answer taught once
   * must come back when the same message comes again.
   */
  learn(text: string, label: number, language: string): void {
    const counts = phrasingFeatures(text, language, this.options.features);
    this.count(counts);
    // Only the most telling features of one message are learned: a long email would otherwise add thousands of
    // weights, and a big knowledge base learns tens of thousands of messages.
    const vector = this.vectorise(counts)
      .sort((a, b) => b[1] - a[1])
      .slice(0, ONLINE_FEATURES);
    for (let attempt = 0; attempt < 3 && this.update(vector, label, 1, true); attempt++);
  }

  /**
   * Learns a batch (e.g. an agent team's history on first start) with a few shuffled passes, which a single online
   * pass cannot match; the order is seeded so the same history always gives the same model.
   */
  learnBatch(examples: ReadonlyArray<{ text: string; label: number; language: string }>, epochs = 5): void {
    const counted = examples.map((example) => {
      const counts = phrasingFeatures(example.text, example.language, this.options.features);
      this.count(counts);
      return { counts, label: example.label };
    });
    const vectors = counted.map(({ counts, label }) => ({ vector: this.vectorise(counts), label }));
    const order = vectors.map((_, index) => index);
    let seed = this.options.seed;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const index of order) {
        const { vector, label } = vectors[index]!;
        this.update(vector, label);
      }
    }
  }

  /** Scores of every class with a weight for the text's features, best first (raw margins: ~1 means confident). */
  score(text: string, language: string): ClassScore[] {
    const result: ClassScore[] = [];
    this.visitScores(text, language, (label, score) => result.push({ label, score }));
    return result.sort((a, b) => b.score - a.score);
  }

  /** Like `score`, unordered and without allocating per class: the hot path of every suggestion. */
  visitScores(text: string, language: string, visit: (label: number, score: number) => void): void {
    this.accumulate(this.vectorise(phrasingFeatures(text, language, this.options.features)), visit);
  }

  /** Forgets a class (its article was deleted). */
  forget(label: number): void {
    for (const row of this.rows.values()) {
      for (let i = 0; i < row.size; i++) if (row.labels[i] === label) row.weights[i] = 0;
    }
    this.trainedLabels.delete(label);
  }

  toSnapshot(): ExampleModelSnapshot {
    const features = [...this.rows.keys()];
    const rows = [...this.rows.values()];
    const offsets = new Int32Array(rows.length + 1);
    let total = 0;
    rows.forEach((row, i) => {
      offsets[i] = total;
      for (let j = 0; j < row.size; j++) if (row.weights[j] !== 0) total++;
    });
    offsets[rows.length] = total;
    const labels = new Int32Array(total);
    const weights = new Float32Array(total);
    let at = 0;
    for (const row of rows) {
      for (let j = 0; j < row.size; j++) {
        if (row.weights[j] === 0) continue;
        labels[at] = row.labels[j]!;
        weights[at++] = row.weights[j]!;
      }
    }
    return {
      options: this.options,
      phrasings: this.phrasings,
      features,
      df: Int32Array.from(rows, (row) => row.df),
      offsets,
      labels,
      weights,
      trainedLabels: [...this.trainedLabels],
    };
  }

  static fromSnapshot(snapshot: ExampleModelSnapshot): ExampleModel {
    const model = new ExampleModel(snapshot.options);
    model.phrasings = snapshot.phrasings;
    snapshot.features.forEach((feature, i) => {
      const [start, end] = [snapshot.offsets[i]!, snapshot.offsets[i + 1]!];
      const size = end - start;
      const row: FeatureRow = {
        df: snapshot.df[i]!,
        size,
        // Views, not copies: a cold worker starts without copying megabytes. A row that grows is copied then
        // (see addWeight), and updates in place stay inside the row's own range.
        labels: size === 0 ? new Int32Array(4) : snapshot.labels.subarray(start, end),
        weights: size === 0 ? new Float32Array(4) : snapshot.weights.subarray(start, end),
      };
      model.rows.set(feature, row);
    });
    for (const label of snapshot.trainedLabels) model.trainedLabels.add(label);
    return model;
  }

  private count(counts: Map<string, number>): void {
    this.phrasings++;
    for (const feature of counts.keys()) {
      let row = this.rows.get(feature);
      if (!row) {
        row = { df: 0, size: 0, labels: new Int32Array(4), weights: new Float32Array(4) };
        this.rows.set(feature, row);
      }
      row.df++;
    }
  }

  /**
   * Sub-linear TF × IDF, L2-normalised. Features never seen in any example still count in the norm: a message
   * made mostly of unknown words gets low scores everywhere, which is what flags it as out of scope.
   */
  private vectorise(counts: Map<string, number>): Vector {
    const vector: Vector = [];
    let norm = 0;
    const n = this.phrasings;
    for (const [feature, count] of counts) {
      const row = this.rows.get(feature);
      const weight = (1 + Math.log(count)) * (Math.log((n + 1) / ((row?.df ?? 0) + 1)) + 1);
      norm += weight * weight;
      if (row) vector.push([row, weight]);
    }
    norm = Math.sqrt(norm) || 1;
    for (const entry of vector) entry[1] /= norm;
    return vector;
  }

  /** Calls `visit` with the score of every class some feature of the vector has a weight for. */
  private accumulate(vector: Vector, visit: (label: number, score: number) => void): void {
    const touched: number[] = [];
    let scratch = this.scratch;
    for (const [row, value] of vector) {
      const { labels, weights, size } = row;
      if (size >= MAX_ROW) continue;
      for (let i = 0; i < size; i++) {
        const label = labels[i]!;
        if (label >= scratch.length) {
          const grown = new Float64Array(Math.max(label + 1, scratch.length * 2)).fill(Number.NaN);
          grown.set(scratch);
          scratch = grown;
          this.scratch = grown;
        }
        const current = scratch[label]!;
        // NaN marks "not touched yet" so a class whose weights sum to exactly 0 is still reported.
        if (Number.isNaN(current)) {
          touched.push(label);
          scratch[label] = weights[i]! * value;
        } else scratch[label] = current + weights[i]! * value;
      }
    }
    for (const label of touched) {
      visit(label, scratch[label]!);
      scratch[label] = Number.NaN;
    }
  }

  /** PA-I: move the true class up and the best wrong class down until the margin is 1 (or the step hits C). */
  /**
   * `exact`: with no rival to push down, only the true class moves, so the full step is loss / ‖x‖²; batch passes
   * keep the halved step they were tuned with.
   */
  private update(
    vector: Vector,
    label: number,
    aggressiveness = this.options.aggressiveness,
    exact = false,
  ): boolean {
    this.trainedLabels.add(label);
    let own = 0;
    let rival = -1;
    let rivalScore = Number.NEGATIVE_INFINITY;
    let touched = 0;
    this.accumulate(vector, (other, score) => {
      touched++;
      if (other === label) own = score;
      else if (score > rivalScore) {
        rival = other;
        rivalScore = score;
      }
    });
    // Classes no feature reaches score 0; if one exists and beats every scored rival, it is the rival, and since
    // it has no weights to lower, only the true class moves.
    const untouchedExists = this.trainedLabels.size > touched;
    if (untouchedExists && rivalScore < 0) {
      rival = -1;
      rivalScore = 0;
    }
    if (rival === -1 && !untouchedExists) rivalScore = 0;
    const loss = 1 - own + rivalScore;
    if (loss <= 0) return false;
    let squaredNorm = 0;
    for (const [, value] of vector) squaredNorm += value * value;
    const step = Math.min(aggressiveness, loss / ((exact && rival === -1 ? 1 : 2) * squaredNorm || 1));
    for (const [row, value] of vector) {
      if (row.size >= MAX_ROW) continue;
      addWeight(row, label, step * value);
      // In a long row (a feature common to hundreds of answers) the rival is lowered only where it already has
      // weight: otherwise every row would fill with a negative entry per answer (gigabytes with 20,000 answers).
      // Below the cap this is plain PA, which is what was tuned on CLINC150's 150 answers.
      if (rival !== -1) addWeight(row, rival, -step * value, row.size < NEGATIVE_ENTRIES_UP_TO);
    }
    return true;
  }
}

function slotOf(row: FeatureRow, label: number): number {
  // Built lazily: a reloaded snapshot pays for the index only on the rows that learning touches again.
  if (!row.slots && row.size > SLOT_INDEX_FROM) {
    row.slots = new Map();
    for (let i = 0; i < row.size; i++) row.slots.set(row.labels[i]!, i);
  }
  if (row.slots) return row.slots.get(label) ?? -1;
  return row.labels.subarray(0, row.size).indexOf(label);
}

function addWeight(row: FeatureRow, label: number, delta: number, create = true): void {
  const at = slotOf(row, label);
  if (at !== -1) {
    row.weights[at]! += delta;
    return;
  }
  if (!create) return;
  if (row.size === row.labels.length) {
    const labels = new Int32Array(row.size * 2);
    labels.set(row.labels.subarray(0, row.size));
    const weights = new Float32Array(row.size * 2);
    weights.set(row.weights.subarray(0, row.size));
    row.labels = labels;
    row.weights = weights;
  }
  row.labels[row.size] = label;
  row.weights[row.size] = delta;
  row.size++;
  row.slots?.set(label, row.size - 1);
}
