/**
 * Answers. The client is ALWAYS resolved here from the sender's tab for content scripts — never taken from the
 * page — so an agent never sees another client's articles. Our own pages (side panel, options) may name one.
 */
import { customerQuery } from '../../core/knowledge/customer-query.ts';
import { safeKey } from '../../core/validation.ts';
import { lang } from '../knowledge/service.ts';
import type { Handlers, RequestContext } from '../router.ts';
import type { Services } from '../services.ts';

type KnowledgeHandlers = Pick<
  Handlers,
  | 'knowledge.suggest'
  | 'knowledge.search'
  | 'knowledge.complete'
  | 'knowledge.article'
  | 'knowledge.usage'
  | 'knowledge.learn'
>;

export function knowledgeHandlers(services: Services): KnowledgeHandlers {
  const clientFor = async (context: RequestContext, named?: string): Promise<string> => {
    if (context.kind === 'page') {
      if (named) return named;
      const active = await services.activeTab();
      const tab = await services.settings.contextFor(active?.id ?? null, active?.url ?? null);
      if (!tab.client) throw new Error('the current tab belongs to no client');
      return tab.client.id;
    }
    const tab = await services.settings.contextFor(context.tabId ?? null, context.pageUrl ?? null);
    if (!tab.client) throw new Error('this page belongs to no client');
    return tab.client.id;
  };

  return {
    'knowledge.suggest': async ({ message, subject, language, limit, clientId }, context) => {
      // What the customer asks, not the whole e-mail: quotes, signatures and identifiers would drown it.
      const query = customerQuery(message, subject ? { subject } : {});
      // The language of the customer's own words (a quoted mail may be in the agent's language).
      const words = query.text || message;
      const [client, detected] = await Promise.all([
        clientFor(context, clientId),
        language ? Promise.resolve(language) : services.detectLanguage?.(words),
      ]);
      const result = await services.knowledge.suggest(client, query, {
        ...lang(detected),
        ...(limit ? { limit } : {}),
      });
      return detected ? { ...result, language: detected } : result;
    },
    'knowledge.search': async ({ query, language, limit, clientId }, context) =>
      services.knowledge.search(await clientFor(context, clientId), query, {
        ...lang(language),
        ...(limit ? { limit } : {}),
      }),
    'knowledge.complete': async ({ prefix, language }, context) =>
      services.knowledge.complete(await clientFor(context), prefix, lang(language)),
    'knowledge.article': async ({ articleId, clientId }, context) => {
      const article = await services.knowledge.article(await clientFor(context, clientId), articleId);
      if (!article) throw new Error(`no article "${safeKey(articleId)}" for this client`);
      return article;
    },
    'knowledge.usage': async ({ articleId, event }, context) => ({
      counted: await services.knowledge.usage(await clientFor(context), articleId, event),
    }),
    'knowledge.learn': async ({ articleId, message, language }, context) => {
      const { learned } = await services.knowledge.learn(await clientFor(context), {
        articleId,
        message,
        ...lang(language),
      });
      return { learned };
    },
  };
}
