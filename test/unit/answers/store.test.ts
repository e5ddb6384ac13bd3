import { afterEach, describe, expect, it } from 'vitest';
import { type DeskmateDatabase, openDatabase } from '../../../src/background/db/database.ts';
import { demoPacks } from '../../../src/background/demo-seed.ts';
import { knowledgeHandlers } from '../../../src/background/handlers/knowledge.ts';
import { KnowledgeService } from '../../../src/background/knowledge/service.ts';
import { KnowledgeStore } from '../../../src/background/knowledge/store.ts';
import { createRouter, type Handlers } from '../../../src/background/router.ts';
import type { Services } from '../../../src/background/services.ts';
import { SettingsService } from '../../../src/background/settings-service.ts';
import type { ArticleRecord } from '../../../src/core/knowledge/index.ts';
import { memoryStorage } from '../background/memory-storage.ts';

/** The demo clients, as a demo build seeds them for the demo helpdesk on 127.0.0.1:5178. */
const DEMO_PACKS = demoPacks('127.0.0.1:5178');

let db: DeskmateDatabase;
let counter = 0;
const open = () => {
  db = openDatabase({ name: `answers-store-${++counter}` });
  return db;
};
afterEach(async () => {
  db.close();
  await db.delete();
});

const record = (
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

const refund = record(
  'refund',
  'Refund timeline',
  'Hi {{customer.first_name}}, your refund takes 5 business days.',
  {
    tags: ['refund', 'money'],
    shortcut: 'refund',
  },
);
const tracking = record('wismo', 'Where is my order', 'Your parcel is on its way; track it here.', {
  tags: ['shipping', 'order'],
  shortcut: 'wismo',
});

describe('the knowledge store', () => {
  it('keeps each client’s articles apart, with placeholders, plain text and usage', async () => {
    const store = new KnowledgeStore(open(), () => 1000);
    await store.save('northwind', refund);
    await store.save('contoso', tracking);
    expect((await store.list('northwind')).map((a) => a.id)).toEqual(['refund']);
    expect((await store.list('contoso')).map((a) => a.id)).toEqual(['wismo']);
    expect(await store.get('contoso', 'refund')).toBeUndefined();
    const saved = await store.get('northwind', 'refund');
    expect(saved).toMatchObject({
      placeholders: ['customer.first_name'],
      bodyFormat: 'text',
      usage: { shown: 0, inserted: 0, edited: 0, sent: 0 },
    });
  });

  it('keeps an edit history and undoes a delete with the usage intact', async () => {
    let now = 1000;
    const store = new KnowledgeStore(open(), () => now);
    await store.save('northwind', refund);
    await store.recordUsage('northwind', 'refund', 'inserted');
    now = 2000;
    await store.save('northwind', { ...refund, title: 'Refunds: how long' });
    expect(await store.remove('northwind', 'refund')).toBe(true);
    expect(await store.list('northwind')).toEqual([]);
    expect(await store.restore('northwind', 'refund')).toBe(true);
    const back = await store.get('northwind', 'refund');
    expect(back).toMatchObject({ title: 'Refunds: how long', usage: { inserted: 1 }, createdAt: 1000 });
    const history = await store.history('northwind', 'refund');
    expect(history.map((h) => h.change)).toEqual(['created', 'edited', 'deleted', 'restored']);
    expect(history[1]?.before?.title).toBe('Refund timeline');
  });

  it('imports all articles in one transaction, replacing same ids and keeping their usage', async () => {
    const store = new KnowledgeStore(open());
    await store.save('northwind', refund);
    await store.recordUsage('northwind', 'refund', 'sent');
    const outcome = await store.importRecords('northwind', [{ ...refund, title: 'New refund' }, tracking]);
    expect(outcome).toEqual({ added: 1, updated: 1 });
    expect(await store.get('northwind', 'refund')).toMatchObject({ title: 'New refund', usage: { sent: 1 } });
    expect(await store.count('northwind')).toBe(2);
    // A failing import writes nothing (an article that cannot be stored aborts the transaction).
    const bad = { ...tracking, id: undefined as unknown as string };
    await expect(store.importRecords('northwind', [record('y', 'Y', 'y'), bad])).rejects.toThrow();
    expect(await store.count('northwind')).toBe(2);
  });
});

describe('the worker’s knowledge service', () => {
  it('suggests with why, persists its snapshot, and answers from it after a cold start', async () => {
    const store = new KnowledgeStore(open());
    await store.importRecords('northwind', [refund, tracking]);
    const service = new KnowledgeService(store, async () => undefined, { snapshotDelayMs: 0 });
    const first = await service.suggest('northwind', 'How long does my refund take?', { language: 'en' });
    expect(first.suggestions[0]).toMatchObject({ articleId: 'refund', title: 'Refund timeline' });
    expect(first.suggestions[0]?.why.words).toContain('refund');
    await service.flushSnapshots();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await store.snapshot('northwind'))?.revision).toBe(await store.revision('northwind'));

    // A new worker (cold start) loads the snapshot and ranks the same way.
    const cold = new KnowledgeService(store, async () => undefined);
    expect(
      (await cold.suggest('northwind', 'How long does my refund take?', { language: 'en' })).suggestions[0]
        ?.articleId,
    ).toBe('refund');
  });

  it('applies the client’s synonyms as they are set now, without rebuilding', async () => {
    const store = new KnowledgeStore(open());
    const cancel = record('cancel', 'Cancel a membership', 'We have cancelled your Trail Club membership.', {
      tags: ['membership'],
    });
    await store.importRecords('northwind', [cancel, tracking]);
    let groups: string[][] = [];
    const service = new KnowledgeService(store, async () => undefined, {
      snapshotDelayMs: 0,
      synonyms: async () => groups,
    });
    const message = 'Please terminate my subscription';
    const before = await service.suggest('northwind', message, { language: 'en' });
    expect(before.suggestions.filter((s) => s.confident).map((s) => s.articleId)).not.toContain('cancel');

    groups = [
      ['cancel', 'terminate'],
      ['membership', 'subscription'],
    ];
    const after = await service.suggest('northwind', message, { language: 'en' });
    expect(after.suggestions[0]).toMatchObject({ articleId: 'cancel', confident: true });
    expect((await service.index('northwind')).synonymGroups).toEqual(groups);
  });

  it('sees a write from another context (an import in the options page) on the next request', async () => {
    const store = new KnowledgeStore(open());
    const service = new KnowledgeService(store, async () => undefined, { snapshotDelayMs: 0 });
    expect(await service.suggest('northwind', 'How long does my refund take?')).toEqual({
      total: 0,
      suggestions: [],
    });
    await new KnowledgeStore(db).importRecords('northwind', [refund, tracking]);
    expect(
      (await service.suggest('northwind', 'How long does my refund take?')).suggestions.map(
        (s) => s.articleId,
      ),
    ).toEqual(['refund']);
  });

  it('learns an accepted suggestion from the masked message, never the raw card number', async () => {
    const store = new KnowledgeStore(open());
    await store.importRecords('northwind', [refund, tracking]);
    const service = new KnowledgeService(store, async () => undefined, { snapshotDelayMs: 0 });
    const message = 'My refund has not arrived, I paid with card 4111 1111 1111 1111';
    const result = await service.learn('northwind', { articleId: 'refund', message, language: 'en' });
    expect(result.learned).toBe(true);
    const [example] = await store.examples('northwind');
    expect(example?.text).not.toContain('4111 1111 1111 1111');
    expect(example?.text).toContain('My refund has not arrived');
    // The suggestion now explains itself with the (masked) example agents accepted.
    const found = await service.suggest('northwind', 'How long does my refund take?', { language: 'en' });
    expect(found.suggestions[0]?.articleId).toBe('refund');
    expect(found.suggestions[0]?.why.examples).toEqual([example?.text]);
  });

  it('learns nothing raw: values side by side, and types the client policy switches off', async () => {
    const store = new KnowledgeStore(open());
    await store.importRecords('northwind', [refund, tracking]);
    // A policy that only flags cards and switches phone numbers off: learning still stores neither.
    const policy = { version: 1 as const, types: { PHONE_NUMBER: { action: 'off' as const } } };
    const service = new KnowledgeService(store, async () => policy, { snapshotDelayMs: 0 });
    const message =
      'My refund has not arrived. Call me on 415 555 2671 4111 1111 1111 1111 or 4012888888881881 4012 8888 8888 1881';
    await service.learn('northwind', { articleId: 'refund', message, language: 'en' });
    const [example] = await store.examples('northwind');
    const digits = (example?.text ?? '').replace(/\D/g, '');
    for (const raw of ['4155552671', '4111111111111111', '4012888888881881', '5552671']) {
      expect(digits).not.toContain(raw);
    }
    expect(example?.text).toContain('My refund has not arrived');
  });

  it('searches the whole knowledge base and completes shortcuts', async () => {
    const store = new KnowledgeStore(open());
    await store.importRecords('northwind', [refund, tracking]);
    const service = new KnowledgeService(store, async () => undefined);
    expect((await service.search('northwind', 'where')).hits.map((h) => h.articleId)).toEqual(['wismo']);
    expect((await service.search('northwind', '')).hits).toHaveLength(2);
    expect((await service.complete('northwind', ';ref')).map((h) => h.shortcut)).toEqual(['refund']);
  });
});

describe('answers through the message router', () => {
  /** The worker's knowledge handlers behind its router, over the demo clients and `store`. */
  async function knowledgeRouter(store: KnowledgeStore, services: Partial<Services> = {}) {
    const settings = new SettingsService({
      local: memoryStorage(),
      session: memoryStorage(),
      readManaged: async () => ({}),
    });
    for (const pack of DEMO_PACKS) await settings.importClientPack(pack);
    const all = {
      settings,
      db,
      knowledge: new KnowledgeService(store, async () => undefined),
      now: () => 0,
      ...services,
    } as unknown as Services;
    return createRouter(knowledgeHandlers(all) as Handlers, {
      extensionId: 'ours',
      extensionOrigin: 'chrome-extension://ours/',
    });
  }

  it('decides the client from the sender’s tab: a page of one client never gets another’s articles', async () => {
    const store = new KnowledgeStore(open());
    await store.importRecords('northwind', [refund, tracking]);
    await store.importRecords('contoso', [
      record('c-refund', 'Contoso refund', 'Your refund takes a week.'),
      record('c-flight', 'Flight change', 'We can move your flight.'),
    ]);
    const route = await knowledgeRouter(store);
    const fromTab = (url: string) => ({ id: 'ours', url, tab: { id: 3, url } });
    const ask = (url: string) =>
      route(
        {
          channel: 'deskmate',
          type: 'knowledge.suggest',
          payload: { message: 'How long does my refund take?', clientId: 'northwind' },
        },
        fromTab(url),
      );
    const contoso = (await ask('http://127.0.0.1:5178/contoso/tickets/1')) as {
      ok: boolean;
      value: { suggestions: Array<{ articleId: string }> };
    };
    // The page claims "northwind"; the worker ignores that and answers for Contoso, the tab's client.
    expect(contoso.ok).toBe(true);
    expect(contoso.value.suggestions.map((s) => s.articleId)).toEqual(['c-refund']);
    const article = await route(
      {
        channel: 'deskmate',
        type: 'knowledge.article',
        payload: { articleId: 'refund', clientId: 'northwind' },
      },
      fromTab('http://127.0.0.1:5178/contoso/tickets/1'),
    );
    expect(article).toMatchObject({ ok: false, error: expect.stringContaining('no article "refund"') });
  });

  it('detects the message’s language in the worker when the page does not say, and picks that variant', async () => {
    const store = new KnowledgeStore(open());
    await store.importRecords('northwind', [
      record('refund-en', 'Refund timeline', 'Your refund takes 5 business days.', { locale: 'en' }),
      record('refund-es', 'Plazo del reembolso', 'Tu reembolso tarda 5 días hábiles.', { locale: 'es' }),
    ]);
    const detected: string[] = [];
    const route = await knowledgeRouter(store, {
      async detectLanguage(text: string) {
        detected.push(text);
        return 'es';
      },
    });
    const url = 'http://127.0.0.1:5178/agent/tickets/1';
    const reply = (await route(
      { channel: 'deskmate', type: 'knowledge.suggest', payload: { message: '¿Cuándo llega mi reembolso?' } },
      { id: 'ours', url, tab: { id: 3, url } },
    )) as { ok: boolean; value: { language?: string; suggestions: Array<{ articleId: string }> } };
    expect(detected).toEqual(['¿Cuándo llega mi reembolso?']);
    expect(reply.value.language).toBe('es');
    expect(reply.value.suggestions[0]?.articleId).toBe('refund-es');
  });
});

describe('suggestions from what the customer asks', () => {
  /** The report's e-mail: greeting, the question, an IBAN, a signature. */
  const REFUND_MAIL = [
    'Hello Northwind team,',
    'I sent the jacket back two weeks ago. When will I get my refund?',
    'My IBAN is DE89 3704 0044 0532 0130 00 if you need it.',
    'Best regards,',
    'Maya Thompson',
    '+49 151 23456789',
  ].join('\n');

  async function demoRouter(services: Partial<Services> = {}) {
    const store = new KnowledgeStore(open());
    const { NORTHWIND_ARTICLES } = await import('../../../src/background/demo-knowledge.ts');
    await store.importRecords('northwind', NORTHWIND_ARTICLES);
    const settings = new SettingsService({
      local: memoryStorage(),
      session: memoryStorage(),
      readManaged: async () => ({}),
    });
    for (const pack of DEMO_PACKS) await settings.importClientPack(pack);
    const knowledge = new KnowledgeService(store, async () => undefined, { snapshotDelayMs: 0 });
    const all = { settings, db, knowledge, now: () => 0, ...services } as unknown as Services;
    const route = createRouter(knowledgeHandlers(all) as Handlers, {
      extensionId: 'ours',
      extensionOrigin: 'chrome-extension://ours/',
    });
    const url = 'http://127.0.0.1:5178/agent/tickets/1';
    const ask = async (payload: Record<string, unknown>) =>
      (await route(
        { channel: 'deskmate', type: 'knowledge.suggest', payload },
        { id: 'ours', url, tab: { id: 3, url } },
      )) as {
        ok: boolean;
        error?: string;
        value: { language?: string; suggestions: Array<{ articleId: string; confident: boolean }> };
      };
    return { ask, knowledge, store };
  }

  it('answers the report’s six-line refund e-mail with the refund timeline, confidently', async () => {
    const { ask } = await demoRouter();
    const reply = await ask({ message: REFUND_MAIL, language: 'en' });
    expect(reply.value.suggestions[0]).toMatchObject({ articleId: 'nw-refund-timeline', confident: true });
  });

  it('takes the ticket’s subject: an e-mail whose question is only there', async () => {
    const { ask } = await demoRouter();
    const message = 'Hi,\n\nOrder NW-330918, placed 10 minutes ago.\n\nThanks\nOlivia\n\nSent from my iPhone';
    const reply = await ask({ message, subject: 'Can I cancel my order before it ships?', language: 'en' });
    expect(reply.value.suggestions[0]?.articleId).toBe('nw-order-cancel');
    // A subject is validated like the message.
    const tooLong = await ask({ message, subject: 'x'.repeat(1001) });
    expect(tooLong).toMatchObject({ ok: false, error: expect.stringMatching(/invalid payload/) });
  });

  it('detects the language of the customer’s words, not of the quoted mail under them', async () => {
    const detected: string[] = [];
    const { ask } = await demoRouter({
      async detectLanguage(text: string) {
        detected.push(text);
        return 'es';
      },
    });
    const message =
      '¿Dónde está mi pedido?\n\nOn Mon, 3 Mar 2025, Northwind <orders@northwind.example> wrote:\n> Your order has shipped.';
    const reply = await ask({ message });
    expect(detected).toEqual(['¿Dónde está mi pedido?']);
    expect(reply.value.suggestions[0]?.articleId).toBe('nw-es-pedido');
  });

  it('learns the customer’s own words of an accepted suggestion, not their signature or the quoted mail', async () => {
    const { knowledge, store } = await demoRouter();
    await knowledge.learn('northwind', {
      articleId: 'nw-refund-timeline',
      message: REFUND_MAIL,
      language: 'en',
    });
    const [example] = await store.examples('northwind');
    expect(example?.text).toContain('When will I get my refund?');
    expect(example?.text).not.toMatch(/Maya|Hello|regards|DE89|151/);
  });
});

describe('placeholders of a stored article', () => {
  it('are the variables the snippet parser finds, in order, with helpdesk spellings made canonical', async () => {
    const { placeholdersOf } = await import('../../../src/background/knowledge/store.ts');
    const { parseSnippet } = await import('../../../src/core/knowledge/index.ts');
    const { NORTHWIND_ARTICLES } = await import('../../../src/background/demo-knowledge.ts');
    const bodies = [
      ...NORTHWIND_ARTICLES.map((a) => a.body),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: snippet syntax, not a template literal
      'Hi {{ticket.requester.first_name}}, ${1:about {{ticket.id}}} from {% user.firstName,fallback=us %}.',
      'No variables, just $5 and {single} braces.',
      '{{customer.first_name}} {{ customer.first_name }} {{agent.name}}',
    ];
    for (const body of bodies) expect(placeholdersOf(body)).toEqual(parseSnippet(body).variables);
  });

  it('are found in work linear in the body, however many distinct variables a hostile article uses', async () => {
    const { placeholdersOf } = await import('../../../src/background/knowledge/store.ts');
    const count = 10_000;
    const names = Array.from({ length: count }, (_, i) => `customer.v${i}`);
    // Each name twice, in both spellings, so deduplication has work to do.
    const body = names.map((name) => `{{${name}}} {% ${name},fallback=x %} `).join('');
    // Counts the elements every array search looks at while the placeholders are found: deduplicating by searching
    // the names found so far looks at n²/2 of them (50 million here), a set at none.
    let examined = 0;
    const searches = ['includes', 'indexOf', 'lastIndexOf', 'find', 'findIndex', 'some', 'every'] as const;
    const prototype = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = searches.map((name) => [name, prototype[name]!] as const);
    for (const [name, original] of originals) {
      prototype[name] = function (this: unknown[], ...args: unknown[]) {
        examined += this.length;
        return original.apply(this, args);
      };
    }
    let found: string[];
    try {
      found = placeholdersOf(body);
    } finally {
      for (const [name, original] of originals) prototype[name] = original;
    }
    expect(found).toEqual(names);
    expect(examined).toBeLessThanOrEqual(body.length);
  });
});
