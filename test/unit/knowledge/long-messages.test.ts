/**
 * The goal, measured: a customer's question inside a realistic long e-mail or chat gets the same top answer
 * as the question alone, in at least 95 % of cases — on the half of the generated set the customer-query rules were
 * developed against, and on the held-out half (other questions, other phrasings) they were not. A third pool, written
 * after the rules were frozen, is reported too: blind, its first run gave 87.7 %; the chat-stamp and sign-off fixes
 * that followed were made knowing what it holds, so its figure is no longer a blind one.
 * Figures go to BENCHMARKS.md through `npm run bench -- --only kb-long` (test/bench/kb-long.ts).
 */
import { describe, expect, it } from 'vitest';
import { NORTHWIND_ARTICLES } from '../../../src/background/demo-knowledge.ts';
import { KnowledgeIndex } from '../../../src/core/knowledge/knowledge-index.ts';
import { generateLongMessages } from '../../fixtures/long-messages/generate.ts';
import { HAND_WRITTEN } from '../../fixtures/long-messages/hand-written.ts';
import { measureLongMessages, percent, share } from '../../fixtures/long-messages/measure.ts';
import { BLIND } from '../../fixtures/long-messages/pools.ts';
import { SHORT_QUESTIONS } from '../../fixtures/long-messages/questions.ts';

describe('long customer messages get the answer their question gets alone', () => {
  const index = KnowledgeIndex.build(NORTHWIND_ARTICLES);
  const generated = generateLongMessages(SHORT_QUESTIONS);
  const blind = generateLongMessages(SHORT_QUESTIONS, undefined, { pool: BLIND });
  const results = measureLongMessages(index, [
    ...generated.map((item) => ({ ...item, group: item.split })),
    ...blind.map((item) => ({ ...item, group: item.split })),
    ...HAND_WRITTEN.map((item) => ({ ...item, group: 'hand-written' })),
  ]);
  const line = (group: string) => {
    const result = results.get(group)!;
    return `${group}: ${result.same}/${result.counted} = ${percent(share(result))} (whole message ranked as is: ${percent(result.sameRaw / result.counted)}; no answer: ${result.none})`;
  };

  it('has several hundred generated cases, e-mails and chats, whose short forms rank right', () => {
    expect(generated.length).toBeGreaterThanOrEqual(500);
    expect(new Set(generated.map((item) => item.kind))).toEqual(new Set(['email', 'chat']));
    expect(results.get('tune')!.counted + results.get('held-out')!.counted).toBeGreaterThanOrEqual(450);
    // The measurement is deterministic: the same seed, the same cases.
    expect(generateLongMessages(SHORT_QUESTIONS)).toEqual(generated);
  });

  it('agrees in at least 95 % of the tuning half', () => {
    console.info(`long messages, ${line('tune')}`);
    expect(share(results.get('tune')!)).toBeGreaterThanOrEqual(0.95);
  });

  it('agrees in at least 95 % of the held-out half', () => {
    console.info(`long messages, ${line('held-out')}`);
    expect(share(results.get('held-out')!)).toBeGreaterThanOrEqual(0.95);
  });

  it('reports the third pool (first run 87.7 %, blind; after chat-stamp and sign-off fixes made knowing it, no longer blind)', () => {
    console.info(`long messages, ${line('blind')}`);
    // Not the goal: a floor, so that a change that makes unseen phrasings worse is noticed.
    expect(share(results.get('blind')!)).toBeGreaterThanOrEqual(0.85);
  });

  it('answers every hand-written e-mail and chat as its question alone, the report’s refund mail first', () => {
    console.info(`long messages, ${line('hand-written')}`);
    const result = results.get('hand-written')!;
    expect(result.counted).toBe(HAND_WRITTEN.length);
    expect(result.misses).toEqual([]);
  });
});
