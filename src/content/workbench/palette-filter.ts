/**
 * The command palette's fuzzy filter: a module of its own, which the content script loads when the palette first
 * opens (fuzzysort is the biggest library the palette needs, and most page loads never open it).
 */
import fuzzysort from 'fuzzysort';
import type { Match, PickItem } from './palette.tsx';

/** The items that match the (non-empty) query, best first, with the matched characters of each label. */
export function filter(items: readonly PickItem[], query: string): Match[] {
  return fuzzysort
    .go(query, items, { keys: ['label', 'description'], limit: 100, threshold: 0.2 })
    .map((result) => ({ item: result.obj, indexes: [...(result[0]?.indexes ?? [])] }));
}
