/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions: "refnud" → "refund" is 1), bounded:
 * it gives up as soon as the distance must exceed `max`, so scanning a vocabulary for typo candidates stays cheap.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  if (rows[0]!.length < width) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(width * 2);
  // Three rolling rows, reused across calls: a typo lookup compares one word with hundreds of vocabulary terms.
  let before = rows[0]!;
  let previous = rows[1]!;
  let current = rows[2]!;
  before.fill(0, 0, width);
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

const rows: Int32Array[] = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/** How many typos a word of this length may carry and still count as a match (none for short words: too risky). */
export function allowedTypos(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}
