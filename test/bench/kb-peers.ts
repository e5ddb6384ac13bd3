/**
 * The peers Deskmate's ranking is measured against, each given a fair set-up: MiniSearch with fuzzy and prefix
 * matching and the same field boosts; FlexSearch with a forward tokenizer, its balanced Latin encoder and
 * `suggest: true` (without it, every query word must match). Warm = the same train examples added to each
 * article's text, as that is the only way these libraries can use them.
 */
import { Charset, Index } from 'flexsearch';
import MiniSearch from 'minisearch';
import { type ArticleRecord, articlePlainText } from '../../src/core/knowledge/article.ts';
import { KnowledgeIndex } from '../../src/core/knowledge/knowledge-index.ts';

export interface Ranked {
  id: string;
  score: number;
}

export interface Ranker {
  name: string;
  /** Best first; scores comparable within one ranker only. */
  rank(text: string, limit: number): Ranked[];
  /** Scores are meaningful for a confidence threshold. */
  scored: boolean;
}

export type Examples = ReadonlyMap<string, string[]>;

export function deskmateRanker(
  articles: ArticleRecord[],
  examples: Examples,
): { ranker: Ranker; index: KnowledgeIndex } {
  const index = KnowledgeIndex.build(articles);
  const batch = [...examples].flatMap(([articleId, texts]) => texts.map((text) => ({ text, articleId })));
  if (batch.length) index.learnBatch(batch);
  return {
    index,
    ranker: {
      name: 'Deskmate',
      scored: true,
      rank: (text, limit) =>
        index
          .suggest(text, { limit, threshold: 0 })
          .map((result) => ({ id: result.articleId, score: result.score })),
    },
  };
}

export function miniSearchRanker(articles: ArticleRecord[], examples: Examples): Ranker {
  const mini = new MiniSearch({
    fields: ['title', 'tags', 'body', 'examples'],
    searchOptions: { boost: { title: 3, tags: 2 }, fuzzy: 0.2, prefix: true, combineWith: 'OR' },
  });
  mini.addAll(
    articles.map((article) => ({
      id: article.id,
      title: article.title,
      tags: article.tags.join(' '),
      body: articlePlainText(article),
      examples: (examples.get(article.id) ?? []).join('\n'),
    })),
  );
  return {
    name: 'MiniSearch',
    scored: true,
    rank: (text, limit) =>
      mini
        .search(text)
        .slice(0, limit)
        .map((hit) => ({ id: String(hit.id), score: hit.score })),
  };
}

export function flexSearchRanker(articles: ArticleRecord[], examples: Examples): Ranker {
  const flex = new Index({ tokenize: 'forward', encoder: Charset.LatinBalance, resolution: 9 });
  const ids = articles.map((article) => article.id);
  articles.forEach((article, i) => {
    // FlexSearch has no field boosts in a plain Index: the title is repeated to weigh like the others' boost.
    const text = [article.title, article.title, article.title, ...article.tags, articlePlainText(article)];
    flex.add(i, [...text, ...(examples.get(article.id) ?? [])].join('\n'));
  });
  return {
    name: 'FlexSearch',
    scored: false,
    rank: (text, limit) =>
      (flex.search(text, { limit, suggest: true }) as number[]).map((i, rank) => ({
        id: ids[i]!,
        score: 1 / (rank + 1),
      })),
  };
}
