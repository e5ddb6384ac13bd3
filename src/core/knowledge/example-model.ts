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
 *
 * Features are looked up by a 32-bit hash of their text in an open-addressing table of typed arrays, and a
 * snapshot keeps the weights as one compressed-row table (8-bit weights scaled per feature, 16-bit classes when
 * there are fewer than 65,536): a cold service worker reads a few typed arrays and starts scoring, with no string
 * or object per feature to rebuild. Two features with the same hash would share their weights; with 32 bits that
 * is expected about once in a 90,000-feature model, and costs that one pair a little precision.
 */
import {
  DEFAULT_FEATURE_OPTIONS,
  type FeatureOptions,
  phrasingFeatures,
  weightedFeatures,
} from './features.ts';

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
  version: 2;
  options: ExampleModelOptions;
  phrasings: number;
  /** Open-addressing table: `keys[i]` is a feature's hash, `rows[i]` its row + 1 (0 = free slot). */
  keys: Uint32Array;
  rows: Int32Array;
  /** Phrasings containing the feature of each row. */
  df: Int32Array;
  /** The weights of row `r` are at `offsets[r] … offsets[r + 1]` of `labels` and `weights`. */
  offsets: Int32Array;
  labels: Uint16Array | Int32Array;
  /**
   * Quantised to 8 bits per feature: the real weight is `weights[i] * scales[r]`, within half a step (1/254 of the
   * feature's largest weight). Measured on CLINC150 (warm, reloaded): the same top-1 to within 2 of 4,500 messages.
   */
  weights: Int8Array;
  scales: Float32Array;
  /** 1 for each class some example was learned for. */
  trained: Uint8Array;
}

export interface ClassScore {
  label: number;
  score: number;
}

export interface ClassScores {
  count: number;
  labels: Int32Array;
  scores: Float64Array;
}

/**
 * The weights of one feature once learning touches it: parallel growable arrays of classes and weights. Typed
 * arrays rather than Maps: scoring walks them linearly, which is what keeps a query under a millisecond and a
 * 15,000-example batch in seconds. Rows loaded from a snapshot stay in its compressed table until then.
 */
interface FeatureRow {
  size: number;
  labels: Int32Array;
  /** Single precision: ample for margins around 1, and half the memory. */
  weights: Float32Array;
  /** Class → slot, built once a row is long enough that scanning `labels` for a class costs more than a lookup. */
  slots?: Map<number, number>;
}

/** The rows of a loaded snapshot not touched since (read-only). */
interface BaseRows {
  offsets: Int32Array;
  labels: Uint16Array | Int32Array;
  weights: Int8Array;
  scales: Float32Array;
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
const EMPTY_ROW: FeatureRow = { size: 0, labels: new Int32Array(0), weights: new Float32Array(0) };

/** Rows of the features of one phrasing with their (normalised TF-IDF) values, as parallel arrays. */
interface Vector {
  rows: number[];
  values: number[];
}

/** FNV-1a over UTF-16 code units. */
function hashFeature(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class ExampleModel {
  /** Feature hash table (see `ExampleModelSnapshot`); its size is a power of two, at most half full. */
  private keys = new Uint32Array(1024);
  private slots = new Int32Array(1024);
  private rowCount = 0;
  private df = new Int32Array(256);
  /** Rows learning has touched (all of them in a model built in memory); the others are in `base`. */
  private rows: Array<FeatureRow | undefined> = [];
  private base: BaseRows | undefined;
  private phrasings = 0;
  private trained = new Uint8Array(64);
  /** How many classes were learned (counted again after a class is added or forgotten); -1 = to count. */
  private trainedCount = -1;
  /** Scratch accumulator indexed by class, reused by every scoring pass (reset after each). */
  private scratch = new Float64Array(64).fill(Number.NaN);
  private result: ClassScores = { count: 0, labels: new Int32Array(64), scores: new Float64Array(64) };

  private readonly options: ExampleModelOptions;

  constructor(options: Partial<ExampleModelOptions> = {}) {
    this.options = { ...DEFAULT_MODEL_OPTIONS, ...options };
  }

  /** Whether any example of this class was learned (classes without examples rank on their text alone). */
  knows(label: number): boolean {
    return this.trained[label] === 1;
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
    const vector = this.vectorise(counts);
    const order = vector.rows.map((_, i) => i).sort((a, b) => vector.values[b]! - vector.values[a]!);
    const kept = order.slice(0, ONLINE_FEATURES);
    const top: Vector = {
      rows: kept.map((i) => vector.rows[i]!),
      values: kept.map((i) => vector.values[i]!),
    };
    for (let attempt = 0; attempt < 3 && this.update(top, label, 1, true); attempt++);
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
    const { count, labels, scores } = this.scores(text, language);
    for (let i = 0; i < count; i++) visit(labels[i]!, scores[i]!);
  }

  /**
   * Like `score`, unordered, as the first `count` entries of parallel arrays that the next call reuses (read them
   * before scoring again).
   */
  scores(text: string | ReadonlyArray<{ text: string; weight: number }>, language: string): ClassScores {
    if (typeof text === 'string')
      return this.accumulate(this.vectorise(phrasingFeatures(text, language, this.options.features)));
    // Weighed parts (see customer-query.ts): each feature's TF-IDF value scaled by its part's weight before the
    // vector is normalised, so a question outweighs the greeting and the context around it.
    const { counts, weights } = weightedFeatures(text, language, this.options.features);
    return this.accumulate(this.vectorise(counts, weights));
  }

  /** Forgets a class (its article was deleted). */
  forget(label: number): void {
    for (let r = 0; r < this.rowCount; r++) {
      if (!this.rows[r] && !this.baseHas(r, label)) continue;
      const row = this.row(r);
      for (let i = 0; i < row.size; i++) if (row.labels[i] === label) row.weights[i] = 0;
    }
    if (label < this.trained.length) this.trained[label] = 0;
    this.trainedCount = -1;
  }

  toSnapshot(): ExampleModelSnapshot {
    const rows = this.rowCount;
    // Quantised per row; weights that round to 0 are left out.
    const scales = new Float32Array(rows);
    const offsets = new Int32Array(rows + 1);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      offsets[r] = total;
      const row = this.rows[r];
      if (row) {
        let max = 0;
        for (let j = 0; j < row.size; j++) max = Math.max(max, Math.abs(row.weights[j]!));
        const scale = max / 127 || 1;
        scales[r] = scale;
        for (let j = 0; j < row.size; j++) if (Math.round(row.weights[j]! / scale) !== 0) total++;
      } else {
        scales[r] = this.base!.scales[r]!;
        total += this.base!.offsets[r + 1]! - this.base!.offsets[r]!;
      }
    }
    offsets[rows] = total;
    // Every class in a row is below `trained.length` (see `accumulate`).
    const labels = this.trained.length <= 65_536 ? new Uint16Array(total) : new Int32Array(total);
    const weights = new Int8Array(total);
    let at = 0;
    for (let r = 0; r < rows; r++) {
      const row = this.rows[r];
      if (row) {
        const scale = scales[r]!;
        for (let j = 0; j < row.size; j++) {
          const quantised = Math.round(row.weights[j]! / scale);
          if (quantised === 0) continue;
          labels[at] = row.labels[j]!;
          weights[at++] = quantised;
        }
      } else {
        const base = this.base!;
        for (let j = base.offsets[r]!; j < base.offsets[r + 1]!; j++) {
          labels[at] = base.labels[j]!;
          weights[at++] = base.weights[j]!;
        }
      }
    }
    return {
      version: 2,
      options: this.options,
      phrasings: this.phrasings,
      keys: this.keys.slice(),
      rows: this.slots.slice(),
      df: this.df.slice(0, rows),
      offsets,
      labels,
      weights,
      scales,
      trained: this.trained.slice(),
    };
  }

  static fromSnapshot(snapshot: ExampleModelSnapshot): ExampleModel {
    if (snapshot.version !== 2) throw new Error('example model snapshot version is not supported');
    const model = new ExampleModel(snapshot.options);
    model.phrasings = snapshot.phrasings;
    // Owned copies only where learning writes (the table and df); the weights stay in the snapshot's arrays.
    model.keys = snapshot.keys.slice();
    model.slots = snapshot.rows.slice();
    model.rowCount = snapshot.df.length;
    model.df = new Int32Array(Math.max(256, snapshot.df.length * 2));
    model.df.set(snapshot.df);
    model.rows = new Array(model.rowCount);
    model.base = {
      offsets: snapshot.offsets,
      labels: snapshot.labels,
      weights: snapshot.weights,
      scales: snapshot.scales,
    };
    model.reserve(snapshot.trained.length - 1);
    model.trained.set(snapshot.trained);
    return model;
  }

  /** The row of a feature, or -1; with `create`, a new empty row instead of -1. */
  private rowOf(feature: string, create: boolean): number {
    const hash = hashFeature(feature);
    const mask = this.keys.length - 1;
    let at = hash & mask;
    while (this.slots[at] !== 0) {
      if (this.keys[at] === hash) return this.slots[at]! - 1;
      at = (at + 1) & mask;
    }
    if (!create) return -1;
    const row = this.rowCount++;
    this.keys[at] = hash;
    this.slots[at] = row + 1;
    this.rows[row] = { size: 0, labels: new Int32Array(4), weights: new Float32Array(4) };
    if (row >= this.df.length) {
      const grown = new Int32Array(this.df.length * 2);
      grown.set(this.df);
      this.df = grown;
    }
    if (this.rowCount * 2 > this.keys.length) this.growTable();
    return row;
  }

  private growTable(): void {
    const keys = new Uint32Array(this.keys.length * 2);
    const slots = new Int32Array(this.keys.length * 2);
    const mask = keys.length - 1;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.slots[i] === 0) continue;
      let at = this.keys[i]! & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      keys[at] = this.keys[i]!;
      slots[at] = this.slots[i]!;
    }
    this.keys = keys;
    this.slots = slots;
  }

  /** A row learning can change: a snapshot's row is copied out of the compressed table the first time. */
  private row(r: number): FeatureRow {
    let row = this.rows[r];
    if (row) return row;
    const base = this.base;
    if (!base) return EMPTY_ROW;
    const start = base.offsets[r]!;
    const size = base.offsets[r + 1]! - start;
    const scale = base.scales[r]!;
    row = { size, labels: new Int32Array(size + 4), weights: new Float32Array(size + 4) };
    for (let i = 0; i < size; i++) {
      row.labels[i] = base.labels[start + i]!;
      row.weights[i] = base.weights[start + i]! * scale;
    }
    this.rows[r] = row;
    return row;
  }

  private rowSize(r: number): number {
    const row = this.rows[r];
    if (row) return row.size;
    return this.base ? this.base.offsets[r + 1]! - this.base.offsets[r]! : 0;
  }

  private baseHas(r: number, label: number): boolean {
    const base = this.base;
    if (!base) return false;
    for (let i = base.offsets[r]!; i < base.offsets[r + 1]!; i++) if (base.labels[i] === label) return true;
    return false;
  }

  private count(counts: Map<string, number>): void {
    this.phrasings++;
    for (const feature of counts.keys()) {
      // Not `this.df[this.rowOf(…)]++`: a new row may grow (replace) `df` after the target was read.
      const row = this.rowOf(feature, true);
      this.df[row]!++;
    }
  }

  /**
   * Sub-linear TF × IDF, L2-normalised. Features never seen in any example still count in the norm: a message
   * made mostly of unknown words gets low scores everywhere, which is what flags it as out of scope.
   */
  private vectorise(counts: Map<string, number>, scale?: Map<string, number>): Vector {
    const vector: Vector = { rows: [], values: [] };
    let norm = 0;
    const n = this.phrasings;
    for (const [feature, count] of counts) {
      const row = this.rowOf(feature, false);
      const weight =
        (scale?.get(feature) ?? 1) *
        (1 + Math.log(count)) *
        (Math.log((n + 1) / ((row === -1 ? 0 : this.df[row]!) + 1)) + 1);
      norm += weight * weight;
      if (row !== -1) {
        vector.rows.push(row);
        vector.values.push(weight);
      }
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < vector.values.length; i++) vector.values[i]! /= norm;
    return vector;
  }

  /**
   * The score of every class some feature of the vector has a weight for: the first `count` entries of `labels`
   * and `scores`, arrays reused by the next call. Every class in a row is below `trained.length` (rows only ever
   * gain the learned class and a rival it met), which `scratch` and the result are sized to: the loops need no
   * bounds checks.
   */
  private accumulate(vector: Vector): ClassScores {
    let count = 0;
    const { base, scratch } = this;
    const touched = this.result.labels;
    for (let v = 0; v < vector.rows.length; v++) {
      const r = vector.rows[v]!;
      const value = vector.values[v]!;
      const row = this.rows[r];
      if (row) {
        const { labels, weights, size } = row;
        if (size >= MAX_ROW) continue;
        for (let i = 0; i < size; i++) {
          const label = labels[i]!;
          const current = scratch[label]!;
          // NaN marks "not touched yet" so a class whose weights sum to exactly 0 is still reported.
          if (Number.isNaN(current)) {
            touched[count++] = label;
            scratch[label] = weights[i]! * value;
          } else scratch[label] = current + weights[i]! * value;
        }
      } else if (base) {
        const start = base.offsets[r]!;
        const end = base.offsets[r + 1]!;
        if (end - start >= MAX_ROW) continue;
        const scaled = value * base.scales[r]!;
        const { labels, weights } = base;
        for (let i = start; i < end; i++) {
          const label = labels[i]!;
          const current = scratch[label]!;
          if (Number.isNaN(current)) {
            touched[count++] = label;
            scratch[label] = weights[i]! * scaled;
          } else scratch[label] = current + weights[i]! * scaled;
        }
      }
    }
    const { scores } = this.result;
    for (let t = 0; t < count; t++) {
      const label = touched[t]!;
      scores[t] = scratch[label]!;
      scratch[label] = Number.NaN;
    }
    this.result.count = count;
    return this.result;
  }

  /** Makes room for classes up to `label` in the per-class arrays. */
  private reserve(label: number): void {
    if (label < this.trained.length) return;
    const size = Math.max(label + 1, this.trained.length * 2);
    const trained = new Uint8Array(size);
    trained.set(this.trained);
    this.trained = trained;
    const scratch = new Float64Array(size).fill(Number.NaN);
    scratch.set(this.scratch);
    this.scratch = scratch;
    this.result = { count: 0, labels: new Int32Array(size), scores: new Float64Array(size) };
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
    this.reserve(label);
    if (this.trained[label] === 0) {
      this.trained[label] = 1;
      this.trainedCount = -1;
    }
    let own = 0;
    let rival = -1;
    let rivalScore = Number.NEGATIVE_INFINITY;
    const { count: touched, labels, scores } = this.accumulate(vector);
    for (let i = 0; i < touched; i++) {
      const other = labels[i]!;
      const score = scores[i]!;
      if (other === label) own = score;
      else if (score > rivalScore) {
        rival = other;
        rivalScore = score;
      }
    }
    // Classes no feature reaches score 0; if one exists and beats every scored rival, it is the rival, and since
    // it has no weights to lower, only the true class moves.
    const untouchedExists = this.trainedClasses() > touched;
    if (untouchedExists && rivalScore < 0) {
      rival = -1;
      rivalScore = 0;
    }
    if (rival === -1 && !untouchedExists) rivalScore = 0;
    const loss = 1 - own + rivalScore;
    if (loss <= 0) return false;
    let squaredNorm = 0;
    for (const value of vector.values) squaredNorm += value * value;
    const step = Math.min(aggressiveness, loss / ((exact && rival === -1 ? 1 : 2) * squaredNorm || 1));
    for (let v = 0; v < vector.rows.length; v++) {
      const r = vector.rows[v]!;
      const value = vector.values[v]!;
      if (this.rowSize(r) >= MAX_ROW) continue;
      const row = this.row(r);
      addWeight(row, label, step * value);
      // In a long row (a feature common to hundreds of answers) the rival is lowered only where it already has
      // weight: otherwise every row would fill with a negative entry per answer (gigabytes with 20,000 answers).
      // Below the cap this is plain PA, which is what was tuned on CLINC150's 150 answers.
      if (rival !== -1) addWeight(row, rival, -step * value, row.size < NEGATIVE_ENTRIES_UP_TO);
    }
    return true;
  }

  private trainedClasses(): number {
    if (this.trainedCount === -1) {
      let count = 0;
      for (let label = 0; label < this.trained.length; label++) count += this.trained[label]!;
      this.trainedCount = count;
    }
    return this.trainedCount;
  }
}

function slotOf(row: FeatureRow, label: number): number {
  // Built lazily: only the rows that learning touches pay for the index.
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
    const labels = new Int32Array(Math.max(4, row.size * 2));
    labels.set(row.labels.subarray(0, row.size));
    const weights = new Float32Array(Math.max(4, row.size * 2));
    weights.set(row.weights.subarray(0, row.size));
    row.labels = labels;
    row.weights = weights;
  }
  row.labels[row.size] = label;
  row.weights[row.size] = delta;
  row.size++;
  row.slots?.set(label, row.size - 1);
}
