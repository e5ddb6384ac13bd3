/** The answers' core: articles, import/export, ranking that learns, snippets. */
export * from './article.ts';
export {
  type CustomerQuery,
  type CustomerQueryOptions,
  customerQuery,
  QUERY_WEIGHTS,
  type QueryPart,
} from './customer-query.ts';
export { htmlToText } from './html-text.ts';
export * from './import/index.ts';
export {
  DEFAULT_LEXICAL_THRESHOLD,
  DEFAULT_LEXICAL_WEIGHT,
  DEFAULT_THRESHOLD,
  KnowledgeIndex,
  type KnowledgeIndexOptions,
  type KnowledgeIndexSnapshot,
  type LearnedExample,
  type SearchHit,
  type Suggestion,
  type SuggestOptions,
} from './knowledge-index.ts';
export { DEFAULT_FIELD_BOOSTS, type FieldBoosts, type WeightedText } from './lexical-index.ts';
export { baseLanguage, STEMMED_LANGUAGES } from './normalize.ts';
export * from './snippet.ts';
