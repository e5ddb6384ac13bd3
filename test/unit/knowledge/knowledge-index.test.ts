import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../../src/core/knowledge/article.ts';
import { KnowledgeIndex } from '../../../src/core/knowledge/knowledge-index.ts';

const article = (
  id: string,
  title: string,
  body: string,
  extra: Partial<ArticleRecord> = {},
): ArticleRecord => ({
  id,
  title,
  body,
  tags: [],
  ...extra,
});

const ARTICLES: ArticleRecord[] = [
  article('refund-en', 'Refund policy', 'You can ask for a refund within 30 days of delivery.', {
    tags: ['billing'],
    locale: 'en',
    shortcut: 'refund',
    group: 'refund',
  }),
  article('refund-es', 'Política de reembolsos', 'Puedes solicitar un reembolso en los 30 días siguientes.', {
    locale: 'es',
    shortcut: 'refund-es',
    group: 'refund',
  }),
  article('password', 'Reset your password', '<p>Use <b>Forgot password</b> on the sign-in page.</p>', {
    tags: ['account', 'login'],
    shortcut: 'pwreset',
  }),
  article('shipping', 'Shipping times', 'Orders ship within two business days; tracking follows by email.', {
    tags: ['delivery'],
    shortcut: 'ship',
  }),
  article('cancel', 'Cancel an order', 'Orders can be cancelled until they ship.', { shortcut: 'cancel' }),
];

describe('KnowledgeIndex.suggest', () => {
  const index = KnowledgeIndex.build(ARTICLES);

  it('ranks the answer whose text matches the message, saying which words matched', () => {
    const [best] = index.suggest('How do I reset my password?');
    expect(best?.articleId).toBe('password');
    expect(best?.why.words).toEqual(expect.arrayContaining(['reset', 'password']));
    expect(best?.why.learned).toBe(false);
  });

  it('tolerates typos and inflections', () => {
    expect(index.suggest('pasword resett please')[0]?.articleId).toBe('password');
    expect(index.suggest('has the tracking email been sent yet? it shipped')[0]?.articleId).toBe('shipping');
  });

  it('picks the locale variant of the message language', () => {
    expect(index.suggest('quiero un reembolso', { language: 'es' })[0]?.articleId).toBe('refund-es');
    expect(index.suggest('I want a refund', { language: 'en' })[0]?.articleId).toBe('refund-en');
    // Same answer, asked in English from a Spanish-speaking agent's queue: still one suggestion per answer.
    const results = index.suggest('refund', { language: 'es', threshold: 0 });
    expect(results.filter((result) => result.group === 'refund')).toHaveLength(1);
  });

  it('suggests nothing for a message no article answers', () => {
    expect(index.suggest('what is the capital of australia')).toEqual([]);
    expect(index.suggest('')).toEqual([]);
  });

  it('uses per-client synonyms', () => {
    const plain = KnowledgeIndex.build(ARTICLES);
    const withSynonyms = KnowledgeIndex.build(ARTICLES, {
      synonyms: [['refund', 'money back', 'reimbursement']],
    });
    expect(plain.suggest('can I have my money back')).toEqual([]);
    expect(withSynonyms.suggest('can I have my money back')[0]?.articleId).toBe('refund-en');
  });
});

describe('KnowledgeIndex.suggest with weighed parts', () => {
  it('scores parts of one weight exactly as the plain message, cold and warm', () => {
    const index = KnowledgeIndex.build(ARTICLES, { synonyms: [['refund', 'money back']] });
    const messages = ['How do I reset my password?', 'can I have my money back', 'where is my parcel', 'zzz'];
    const same = () => {
      for (const message of messages) {
        const plain = index.suggest(message, { threshold: 0 });
        for (const weight of [1, 3]) {
          expect(index.suggest({ parts: [{ text: message, weight }] }, { threshold: 0 })).toEqual(plain);
        }
      }
    };
    same();
    index.learnBatch([
      { text: 'my parcel never arrived', articleId: 'shipping' },
      { text: 'stop my purchase', articleId: 'cancel' },
    ]);
    same();
  });

  it('lets the weightier part decide, and keeps unknown words of lighter parts out of the share', () => {
    const index = KnowledgeIndex.build(ARTICLES);
    const context = {
      text: 'the tracking email says shipping takes two business days, delivery by Monday',
      weight: 1,
    };
    const question = { text: 'can I still cancel?', weight: 1 };
    expect(index.suggest({ parts: [context, question] }, { threshold: 0 })[0]?.articleId).toBe('shipping');
    expect(
      index.suggest({ parts: [context, { ...question, weight: 3 }] }, { threshold: 0 })[0]?.articleId,
    ).toBe('cancel');
    // A name and an anecdote around the question no article knows do not lower its confidence.
    const alone = index.suggest({ parts: [{ ...question, weight: 3 }] })[0]!;
    const around = index.suggest({
      parts: [
        { text: 'Greetings from Zanzibar, Quentin Fairweather', weight: 1 },
        { ...question, weight: 3 },
      ],
    })[0]!;
    expect(around.articleId).toBe('cancel');
    expect(around.score).toBeCloseTo(alone.score, 6);
    // Parts of weight 0 are not ranked at all.
    expect(index.suggest({ parts: [{ text: 'how do I reset my password?', weight: 0 }] })).toEqual([]);
  });
});

describe('KnowledgeIndex learning from accepted suggestions', () => {
  it('answers a phrasing it was taught, explaining with the example', () => {
    const index = KnowledgeIndex.build(ARTICLES);
    const taught = 'my parcel never arrived';
    expect(index.suggest(taught)).toEqual([]);
    expect(index.learn({ text: taught, articleId: 'shipping' })).toBe(true);
    const [best] = index.suggest(taught);
    expect(best?.articleId).toBe('shipping');
    expect(best?.why).toMatchObject({ learned: true, examples: [taught] });
    // A new phrasing close to the taught one ranks the answer first too (one example gives modest confidence).
    expect(index.suggest('my parcel never arrived, where is it?', { threshold: 0 })[0]?.articleId).toBe(
      'shipping',
    );
  });

  it('ignores examples for unknown articles and empty messages', () => {
    const index = KnowledgeIndex.build(ARTICLES);
    expect(index.learn({ text: 'hello', articleId: 'nope' })).toBe(false);
    expect(index.learn({ text: '   ', articleId: 'shipping' })).toBe(false);
    expect(index.exampleCount).toBe(0);
  });

  it('tells taught answers apart better than their text alone', () => {
    const index = KnowledgeIndex.build(ARTICLES);
    index.learnBatch([
      { text: 'the package has not come yet', articleId: 'shipping' },
      { text: 'still waiting for my delivery', articleId: 'shipping' },
      { text: 'stop my purchase before it is sent', articleId: 'cancel' },
      { text: 'I no longer want what I bought', articleId: 'cancel' },
      { text: 'I cannot log in to my account', articleId: 'password' },
    ]);
    // Ranking only: a handful of examples ranks well but gives modest confidence (the threshold is calibrated
    // on answers with about a hundred examples each).
    const top = (message: string) => index.suggest(message, { threshold: 0 })[0]?.articleId;
    expect(top('my package still has not come')).toBe('shipping');
    expect(top('I do not want my purchase anymore')).toBe('cancel');
    expect(top('cannot log in')).toBe('password');
  });

  it('survives a snapshot round-trip through structured clone with the same suggestions', () => {
    const index = KnowledgeIndex.build(ARTICLES, { synonyms: [['refund', 'money back']] });
    index.learn({ text: 'my parcel never arrived', articleId: 'shipping' });
    // structuredClone: what IndexedDB does to it.
    const reloaded = KnowledgeIndex.fromSnapshot(structuredClone(index.toSnapshot()));
    for (const message of [
      'my parcel never arrived',
      'money back please',
      'reset password',
      'ordre cancel',
    ]) {
      expect(reloaded.suggest(message)).toEqual(index.suggest(message));
    }
    reloaded.learn({ text: 'no tracking email received', articleId: 'shipping' });
    expect(reloaded.exampleCount).toBe(2);
  });

  it('reloads a large, edited index from its packed snapshot: ids, text beyond Latin-1, examples, search', () => {
    const many: ArticleRecord[] = [];
    for (let i = 0; i < 1500; i++) {
      many.push(
        article(`doc-${i}`, `Answer ${i} – café ${i % 7 === 0 ? '日本語' : 'plain'}`, `Body number ${i}.`, {
          tags: [`tag${i % 13}`],
          ...(i % 3 === 0 ? { shortcut: `short${i}` } : {}),
          ...(i % 5 === 0 ? { locale: 'pt-BR', group: `g${i}` } : {}),
        }),
      );
    }
    const index = KnowledgeIndex.build([...ARTICLES, ...many]);
    index.learn({ text: 'my parcel never arrived ’ still', articleId: 'shipping' });
    index.learn({ text: 'olá, café 日本語 please', articleId: 'doc-35' });
    index.remove('doc-10');
    index.upsert(article('doc-11', 'Renamed answer', 'Completely new body.'));
    const reloaded = KnowledgeIndex.fromSnapshot(structuredClone(index.toSnapshot()));
    expect(reloaded.size).toBe(index.size);
    expect(reloaded.has('doc-10')).toBe(false);
    expect(reloaded.has('doc-1499')).toBe(true);
    for (const message of ['my parcel never arrived', 'café 日本語', 'renamed answer', 'answer 1234']) {
      const [before] = index.suggest(message, { threshold: 0 });
      const [after] = reloaded.suggest(message, { threshold: 0 });
      expect(after?.articleId).toBe(before?.articleId);
      expect(after?.why).toEqual(before?.why);
      expect(after?.score).toBeCloseTo(before?.score ?? 0, 2);
    }
    for (const query of ['answer 14', 'caf', 'renamed', '', 'tag3 ans']) {
      expect(reloaded.search(query, { limit: 30 })).toEqual(index.search(query, { limit: 30 }));
    }
    expect(reloaded.completeShortcut(';short14')).toEqual(index.completeShortcut(';short14'));
    // Titles with 日本語: every seventh of doc-0 … doc-1499.
    expect(reloaded.search('日本', { limit: 500 })).toHaveLength(215);
    // The reloaded index keeps learning and editing.
    reloaded.learn({ text: 'where is my box', articleId: 'shipping' });
    reloaded.remove('doc-12');
    expect(reloaded.has('doc-12')).toBe(false);
    expect(reloaded.suggest('my parcel never arrived')[0]?.articleId).toBe('shipping');
  });

  it('drops a removed article and replaces an updated one', () => {
    const index = KnowledgeIndex.build(ARTICLES);
    index.remove('password');
    expect(index.suggest('reset password', { threshold: 0 }).map((result) => result.articleId)).not.toContain(
      'password',
    );
    index.upsert(article('shipping', 'Delivery times', 'Parcels arrive in three days.'));
    expect(index.size).toBe(4);
    expect(index.suggest('when do parcels arrive')[0]?.articleId).toBe('shipping');
  });
});

describe('KnowledgeIndex palette search and shortcuts', () => {
  const index = KnowledgeIndex.build(ARTICLES);

  it('matches title, tag and shortcut prefixes as the agent types', () => {
    expect(index.search('res pass').map((hit) => hit.articleId)).toEqual(['password']);
    expect(index.search('deliv')[0]?.articleId).toBe('shipping');
    expect(index.search('canc')[0]).toMatchObject({ articleId: 'cancel', shortcut: 'cancel' });
    expect(index.search('zzz')).toEqual([]);
  });

  it('sees articles added, renamed and removed since the last search', () => {
    const edited = KnowledgeIndex.build(ARTICLES);
    expect(edited.search('ship').map((hit) => hit.articleId)).toEqual(['shipping']);
    edited.upsert(article('shipping', 'Delivery times', 'Parcels arrive in three days.'));
    edited.upsert(article('ship-abroad', 'Shipping abroad', 'We ship worldwide.'));
    expect(edited.search('ship').map((hit) => hit.articleId)).toEqual(['ship-abroad']);
    edited.remove('ship-abroad');
    expect(edited.search('ship')).toEqual([]);
    expect(edited.search('deliv ti').map((hit) => hit.articleId)).toEqual(['shipping']);
  });

  it('lists one variant per answer, preferring the wanted language', () => {
    const hits = index.search('re', { language: 'es' });
    expect(hits.filter((hit) => hit.articleId.startsWith('refund'))).toEqual([
      expect.objectContaining({ articleId: 'refund-es' }),
    ]);
  });

  it('completes ;shortcuts by prefix, shortest first', () => {
    expect(index.completeShortcut(';ref').map((hit) => hit.articleId)).toEqual(['refund-en']);
    expect(index.completeShortcut(';ref', { language: 'es' }).map((hit) => hit.articleId)).toEqual([
      'refund-es',
    ]);
    expect(index.completeShortcut('s').map((hit) => hit.shortcut)).toEqual(['ship']);
    expect(index.completeShortcut(';x')).toEqual([]);
  });
});
