/**
 * Text normalisation shared by indexing and querying: the same function must turn "Rückerstattungen!" in an
 * article and "ruckerstattung" in a customer's message into the same term, or nothing matches.
 */

import { stemmer as stemEn } from '@orama/stemmers/english';
import { stemmer as stemFr } from '@orama/stemmers/french';
import { stemmer as stemDe } from '@orama/stemmers/german';
import { stemmer as stemPt } from '@orama/stemmers/portuguese';
import { stemmer as stemEs } from '@orama/stemmers/spanish';

/** Languages with a Snowball stemmer. Other languages are still normalised (case, accents), just not stemmed. */
export const STEMMED_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type StemmedLanguage = (typeof STEMMED_LANGUAGES)[number];

const STEMMERS: Record<StemmedLanguage, (word: string) => string> = {
  en: stemEn,
  es: stemEs,
  fr: stemFr,
  de: stemDe,
  pt: stemPt,
};

/**
 * Very frequent function words. They carry no meaning for ranking and, left in, make every question look a little
 * like every article ("how do I …"), which hurts the out-of-scope decision more than it helps recall.
 */
const STOPWORDS: Record<StemmedLanguage, string> = {
  en: 'a an the and or but if of to in on at by for with from as is are was were be been being am do does did i me my we our you your he she it its they them their this that these those there here what which who whom whose would should could can will shall may might must have has had not no so than too very just about into out up down over again then once also any some such only own same s t',
  es: 'el la los las un una unos unas y o pero si de del al a en con por para como es son fue ser esta este esto estos estas ese esa eso lo le les me mi mis te tu tus su sus se nos que qué cual quien cuando donde muy mas más ya no',
  fr: 'le la les un une des et ou mais si de du au aux a à en dans sur par pour avec comme est sont été être ce cet cette ces je me mon ma mes tu te ton ta tes il elle on nous vous ils elles leur leurs son sa ses que qui quoi ne pas plus y',
  de: 'der die das den dem des ein eine einen einem einer eines und oder aber wenn von zu im in an auf mit für als ist sind war sein ich mich mein meine du dich dein er sie es wir ihr uns euch was wer wie wo nicht kein keine auch so',
  pt: 'o a os as um uma uns umas e ou mas se de do da dos das ao aos em no na nos nas por para com como é são foi ser este esta isto esse essa isso eu me meu minha tu te teu tua ele ela nós vós eles elas seu sua que não mais já',
};

const STOPWORD_SETS = new Map<string, Set<string>>(
  Object.entries(STOPWORDS).map(([language, words]) => [
    language,
    new Set(words.split(' ').map((word) => foldCase(word))),
  ]),
);

/** Lower case, accents removed (NFKD then combining marks dropped), `ß` → `ss`. */
export function foldCase(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss');
}

/** The primary subtag of a BCP 47 tag: `pt-BR` → `pt`. Unknown or missing → `en`, the usual helpdesk language. */
export function baseLanguage(locale: string | undefined): string {
  const base = locale?.trim().toLowerCase().split(/[-_]/)[0];
  return base || 'en';
}

export function isStemmedLanguage(language: string): language is StemmedLanguage {
  return (STEMMED_LANGUAGES as readonly string[]).includes(language);
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * Words of a text, lower-cased with their accents kept (the Snowball stemmers of Romance languages need them:
 * "cancelación" loses its suffix, "cancelacion" does not), punctuation dropped ("don't" stays one word).
 */
export function words(text: string): string[] {
  const found: string[] = [];
  for (const match of text.normalize('NFC').toLowerCase().matchAll(WORD))
    found.push(match[0].replace(/['’]/g, ''));
  return found;
}

/** Memoised per language: the same few thousand words come back on every ticket. */
const stemCache = new Map<string, Map<string, string>>();
const STEM_CACHE_LIMIT = 200_000;

/** The folded stem of a lower-case word (see `words`). */
export function stem(word: string, language: string): string {
  if (!isStemmedLanguage(language)) return foldCase(word);
  let cache = stemCache.get(language);
  if (!cache) {
    cache = new Map();
    stemCache.set(language, cache);
  }
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    // Snowball stemmers expect lower-case input; numbers and 1–2 letter words pass through unchanged.
    stemmed = foldCase(word.length > 2 && !/\d/.test(word) ? STEMMERS[language](word) : word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}

export function isStopword(word: string, language: string): boolean {
  return STOPWORD_SETS.get(language)?.has(word) ?? false;
}

/** The index terms of a text: folded words, stopwords removed, stemmed for the language. */
export function terms(text: string, language: string): string[] {
  const result: string[] = [];
  for (const word of words(text)) {
    if (isStopword(foldCase(word), language)) continue;
    result.push(stem(word, language));
  }
  return result;
}
