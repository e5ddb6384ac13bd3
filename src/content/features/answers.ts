/**
 * Answers on the ticket: the top five answers for the customer's latest message (read through the adapter) in a
 * compact hint and the side panel's Suggestions view, each with why it matched; `;shortcut` completion in the
 * composer; the palette's "Insert answer…" over the whole knowledge base. Inserting fills the template's page
 * variables (asking for any the page does not give), goes through `insertText` (one undo step), and counts usage
 * (shown, inserted, edited before sending, sent). An accepted suggestion teaches the worker the customer's
 * message, which the worker masks with the data guard before storing it.
 */
import { h } from 'preact';
import { pushEnvelope, pushes } from '../../messaging/pushes.ts';
import type { AnswersState, SearchHitView } from '../../messaging/views.ts';
import { browser } from '../../platform/browser.ts';
import { AnswersHint, CompletionList, VariablesForm } from '../answers/AnswersUi.tsx';
import { insertAnswer } from '../answers/insert-answer.ts';
import { type PageValues, pageValues, suggestionSource } from '../answers/variables.ts';
import { readText, selectionSpan, type TextSpan, textBeforeCaret } from '../editing/index.ts';
import { isAgentEvent } from '../runtime/agent-events.ts';
import { composerFor, sendControls } from '../runtime/composer.ts';
import { rectInTop } from '../runtime/frames.ts';
import { type ConversationShape, conversationShape, sameConversationShape } from '../sites/read.ts';
import { attachLayer } from '../workbench/layer.ts';
import type { Feature } from './feature.ts';

/** DOM changes (a new customer message) are read at most this often. */
const SETTLE_MS = 600;
/** Whitespace-insensitive text, to tell an answer sent as inserted from one edited before sending. */
const normalize = (text: string) =>
  text
    .replace(/[\u200b\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
/**
 * Templates (snippet parsing, DOMPurify for HTML articles) load with the first insertion, not with the page:
 * most page loads insert nothing.
 */
const templates = () => import('../answers/template.ts');
const SHORTCUT_BEFORE_CARET = /(?:^|\s);([\p{L}\p{N}._/-]{0,40})$/u;
/** Enough characters before the caret to see a whole shortcut (`;` and up to 40 name characters) and what precedes it. */
const SHORTCUT_TAIL = 64;
const NAME_CHARS_AT_END = /[\p{L}\p{N}._/-]*$/u;

/**
 * Whether the text before the caret may end in a `;shortcut` (SHORTCUT_BEFORE_CARET decides on the reply's text):
 * false when the name characters at its end are too many or follow something other than `;`.
 */
export function mayEndInShortcut(before: { text: string; whole: boolean } | undefined): boolean {
  if (!before) return false;
  const { text } = before;
  const name = NAME_CHARS_AT_END.exec(text)?.[0].length ?? 0;
  if (name > 40) return false;
  if (name < text.length) return text[text.length - name - 1] === ';';
  // Only name characters since the start of the caret's text node: the shortcut may begin in an earlier node.
  return !before.whole;
}

export const answers: Feature = {
  id: 'answers',
  async start(context) {
    const { site, dom, signal, workbench, request, ui, listen } = context;
    // A site that names its ticket view waits for it; one that does not (a custom site with only its address, the
    // generic fallback) still gets completion and "Insert answer…" in whatever reply box the agent writes in.
    if (site.selectors.ticketView.length > 0) {
      const view = await dom.waitFor(site.selectors.ticketView, signal);
      if (!view || signal.aborted) return;
    }

    const answers: AnswersState = { state: 'loading', suggestions: [] };
    let hidden = false;
    let focusRequest = 0;
    let message: { text: string; language?: string } | undefined;
    const countedShown = new Set<string>();

    const hint = attachLayer(ui, null, signal);
    const form = attachLayer(ui, null, signal);
    const completion = attachLayer(ui, null, signal);

    const drawHint = () => {
      if (hidden || answers.state === 'loading') return hint(null);
      hint(
        h(AnswersHint, {
          state: answers.state,
          suggestions: answers.suggestions,
          focusRequest,
          onInsert: (suggestion) => void insertArticle(suggestion.articleId, { accepted: true }),
          onClose: () => {
            hidden = true;
            drawHint();
          },
        }),
      );
    };

    /** The reply box (runtime/composer.ts: the same one the data guard guards). */
    const composer = (): Element | undefined => composerFor(site, document)?.editable;

    /** Asks the agent for the values the page does not give; undefined when they cancel. */
    const ask = (names: string[], more: number, initial: PageValues) =>
      new Promise<Record<string, string> | undefined>((resolve) => {
        const done = (values: Record<string, string> | undefined) => {
          form(null);
          resolve(values);
        };
        form(h(VariablesForm, { names, more, initial, onSubmit: done, onCancel: () => done(undefined) }));
      });

    /** Answers inserted on this ticket, to tell "sent as is" from "edited before sending". */
    const pending: Array<{ articleId: string; text: string }> = [];

    /** Inserts an answer; a failure is shown in the status bar, never thrown into the page. */
    const insertArticle = (articleId: string, options: { accepted?: boolean; at?: TextSpan } = {}) =>
      insertArticleOrThrow(articleId, options).catch((error: unknown) => {
        workbench.statusBar.set(
          {
            id: 'answers',
            text: 'The answer could not be inserted',
            tooltip: error instanceof Error ? error.message : String(error),
            severity: 'error',
            priority: 10,
          },
          signal,
        );
        return false;
      });

    const insertArticleOrThrow = async (
      articleId: string,
      options: { accepted?: boolean; at?: TextSpan } = {},
    ): Promise<boolean> => {
      const target = composer();
      // Remember where the agent's caret was before our form takes the focus.
      const at = options.at ?? (target ? selectionSpan(target) : undefined);
      const [article, { prepareAnswer, variablesToAsk }] = await Promise.all([
        request('knowledge.article', { articleId }),
        templates(),
      ]);
      const values = pageValues(site, document, context.url, context.tab.value);
      const { asked, inReply } = variablesToAsk(article, values);
      if (asked.length > 0) {
        const given = await ask(asked, inReply.length, values);
        if (!given || signal.aborted) return false;
        Object.assign(values, given);
      }
      const el = target ?? composer();
      if (!el) {
        workbench.statusBar.set(
          { id: 'answers', text: 'No reply box to insert into', severity: 'warning', priority: 10 },
          signal,
        );
        return false;
      }
      // Images only from the client's own hosts: any other would tell its owner this ticket was answered.
      const prepared = prepareAnswer(article, values, inReply, {
        imageHosts: context.tab.value.settings['knowledge.imageHosts'],
      });
      const inserted = await insertAnswer(el, prepared, { signal, ...(at ? { at } : {}) });
      if (!inserted.result.ok) {
        workbench.statusBar.set(
          {
            id: 'answers',
            text: 'The answer could not be inserted',
            tooltip: inserted.result.message ?? inserted.result.problem ?? '',
            severity: 'error',
            priority: 10,
          },
          signal,
        );
        return false;
      }
      workbench.statusBar.remove('answers');
      pending.push({ articleId, text: prepared.text });
      void request('knowledge.usage', { articleId, event: 'inserted' }).catch(() => {});
      if (options.accepted && message) {
        void request('knowledge.learn', {
          articleId,
          message: message.text.slice(0, 20_000),
          ...(message.language ? { language: message.language } : {}),
        }).catch(() => {});
      }
      return true;
    };

    // Suggestions for the customer's latest message.
    let shape: ConversationShape | undefined;
    const refresh = async () => {
      // The conversation as it was (a typing indicator, presence): nothing new to answer.
      const now = conversationShape(site, document);
      if (shape && sameConversationShape(now, shape) && answers.state !== 'loading') return;
      shape = now;
      // Never the agent's own text: see latestCustomerMessage.
      const source = suggestionSource(site, document, {
        agentName: context.tab.value.settings['agent.name'],
      });
      const text = source?.text;
      if (!text) {
        if (answers.state === 'loading') {
          answers.state = 'none';
          drawHint();
        }
        return;
      }
      if (message?.text === text) return;
      message = { text };
      // The worker detects the message's language (off this page's main thread) and says which it was.
      const reply = await request('knowledge.suggest', {
        message: text.slice(0, 20_000),
        ...(source.subject ? { subject: source.subject.slice(0, 1000) } : {}),
        limit: 5,
      });
      if (signal.aborted) return;
      if (reply.language && message.text === text) message = { text, language: reply.language };
      answers.suggestions = reply.suggestions;
      answers.state = reply.total === 0 ? 'empty-kb' : reply.suggestions.length ? 'ready' : 'none';
      for (const suggestion of reply.suggestions) {
        if (countedShown.has(suggestion.articleId)) continue;
        countedShown.add(suggestion.articleId);
        void request('knowledge.usage', { articleId: suggestion.articleId, event: 'shown' }).catch(() => {});
      }
      drawHint();
    };
    // Not awaited: the commands and completion below must be there at once, not after the worker's first answer.
    void refresh().catch(() => {});
    let settle: ReturnType<typeof setTimeout> | undefined;
    dom.onChange(() => {
      clearTimeout(settle);
      settle = setTimeout(() => void refresh().catch(() => {}), SETTLE_MS);
    }, signal);
    signal.addEventListener('abort', () => clearTimeout(settle));

    // Sending: each inserted answer counts as sent, and as edited when its text is no longer there verbatim.
    const onSend = () => {
      const el = composer();
      const now = el ? normalize(readText(el)) : '';
      for (const { articleId, text } of pending.splice(0)) {
        if (!now.includes(normalize(text)))
          void request('knowledge.usage', { articleId, event: 'edited' }).catch(() => {});
        void request('knowledge.usage', { articleId, event: 'sent' }).catch(() => {});
      }
    };
    listen(
      document,
      'click',
      (event) => {
        const controls = sendControls(site, document, composerFor(site, document));
        if (event.target instanceof Node && controls.some((send) => send.contains(event.target as Node)))
          onSend();
      },
      // The data guard re-sends a held reply with a click of its own, and the page may send from code.
      { capture: true, pageEvents: 'a send counts however it was made' },
    );

    // `;shortcut` completion in the composer.
    let open: {
      hits: SearchHitView[];
      active: number;
      /** Which completion request this list answers (see `asked`). */
      ticket: number;
      span: TextSpan;
      at: { left: number; top: number };
    } | null = null;
    const drawCompletion = () =>
      completion(
        open
          ? h(CompletionList, {
              hits: open.hits,
              active: open.active,
              at: open.at,
              onPick: (hit) => pick(hit),
            })
          : null,
      );
    const close = () => {
      if (open === null) return; // nothing on screen (most keys)
      open = null;
      drawCompletion();
    };
    const pick = (hit: SearchHitView) => {
      // Where the shortcut is now: keys typed after the list was last drawn (a fast Enter) moved the caret.
      const el = composer();
      const caret = el ? selectionSpan(el) : undefined;
      const typed =
        el && caret && caret.start === caret.end
          ? SHORTCUT_BEFORE_CARET.exec(readText(el).slice(0, caret.end))
          : null;
      const span =
        typed && caret ? { start: caret.end - (typed[1] ?? '').length - 1, end: caret.end } : open?.span;
      close();
      if (span) void insertArticle(hit.articleId, { at: span });
    };
    let asked = 0;
    /** The list on screen answers an older prefix than the one typed now (its answer is on its way). */
    const stale = () => open !== null && open.ticket !== asked;
    /** Enter or Tab pressed while the list was stale: pick from the newest list as soon as it comes. */
    let pickWhenAnswered = false;
    const onInput = async (event: Event) => {
      // Most keys are not a shortcut: tell from the few characters before the caret in the field typed in, before
      // looking for the composer or reading the reply's whole text. composedPath: at the document, an input inside
      // a shadow root (Lightning, ServiceNow) targets the host.
      const typedIn = event.composedPath()[0] as Node | undefined;
      if (typedIn?.nodeType !== Node.ELEMENT_NODE) return;
      if (!mayEndInShortcut(textBeforeCaret(typedIn as Element, SHORTCUT_TAIL))) {
        pickWhenAnswered = false;
        return close();
      }
      const el = composer();
      if (!el || !event.composedPath().includes(el)) return;
      pickWhenAnswered = false;
      const caret = selectionSpan(el);
      if (!caret || caret.start !== caret.end) return close();
      const before = readText(el).slice(0, caret.end);
      const match = SHORTCUT_BEFORE_CARET.exec(before);
      if (!match) return close();
      const prefix = match[1] ?? '';
      const ticket = ++asked;
      const hits = await request('knowledge.complete', {
        prefix,
        ...(message?.language ? { language: message.language } : {}),
      }).catch(() => []);
      if (ticket !== asked || signal.aborted) return;
      if (hits.length === 0) {
        // (An Enter waiting for this answer is dropped with the list: no answer matches what was typed.)
        pickWhenAnswered = false;
        return close();
      }
      open = {
        hits,
        active: 0,
        ticket,
        span: { start: caret.end - prefix.length - 1, end: caret.end },
        at: caretPoint(el),
      };
      if (pickWhenAnswered) {
        pickWhenAnswered = false;
        return pick(hits[0]!);
      }
      drawCompletion();
    };
    const onKey = (event: Event) => {
      const key = event as KeyboardEvent;
      if (!open) {
        if (key.key === 'Enter' && (key.ctrlKey || key.metaKey)) onSend();
        return;
      }
      // The list takes the agent's keys only: a page-made Enter or Tab must not insert an answer.
      if (!isAgentEvent(event)) return;
      if (key.key === 'ArrowDown' || key.key === 'ArrowUp') {
        const count = open.hits.length;
        open.active = (open.active + (key.key === 'ArrowDown' ? 1 : -1) + count) % count;
        drawCompletion();
      } else if (key.key === 'Enter' || key.key === 'Tab') {
        // A fast typist's Enter can come before the list for the last key has: it picks from that list, not the
        // one on screen, whose top answer may be another (";refund-" lists more than ";refund-d").
        if (stale()) pickWhenAnswered = true;
        else {
          const hit = open.hits[open.active];
          if (hit) pick(hit);
        }
      } else if (key.key === 'Escape') close();
      else return;
      key.preventDefault();
      key.stopImmediatePropagation();
    };
    // Keys hear the page's events too, for a Ctrl+Enter send made from code (the data guard re-sends a held reply
    // that way); onKey itself lets only the agent's keys act on the list. The list opens for the agent's typing
    // only (`input` is the agent's; our own insertions and the page's scripts make theirs).
    const keyOptions = { capture: true, pageEvents: 'a Ctrl+Enter send counts however it was made' };
    listen(document, 'input', onInput, { capture: true });
    listen(document, 'keydown', onKey, keyOptions);
    // A composer in a same-origin iframe (Zoho Desk, CKEditor 4): its input and keys stay in the frame's document.
    context.frames.each(signal, (frameDoc, _view, attached) => {
      listen(frameDoc, 'input', onInput, { capture: true, signal: attached });
      listen(frameDoc, 'keydown', onKey, { ...keyOptions, signal: attached });
    });

    // The palette: search every answer of the client.
    workbench.commands.register(
      {
        id: 'deskmate.answers.insert',
        title: 'Insert answer…',
        category: 'Answers',
        when: 'ticket || composerSeen',
        run: async () => {
          const found = await request('knowledge.search', {
            query: '',
            limit: 5000,
            ...(message?.language ? { language: message.language } : {}),
          });
          if (found.total === 0) {
            workbench.statusBar.set(
              {
                id: 'answers',
                text: 'No answers for this client yet',
                tooltip: "Import the client's knowledge base in Deskmate's options (Knowledge).",
                severity: 'info',
                priority: 10,
              },
              signal,
            );
            return;
          }
          const chosen = await workbench.palette.pick(
            found.hits.map((hit) => ({
              label: hit.title,
              description: hit.preview,
              ...(hit.shortcut ? { detail: `;${hit.shortcut}` } : {}),
              value: hit.articleId,
            })),
            'Insert answer: type to search titles, tags and shortcuts',
          );
          if (chosen) await insertArticle(chosen);
        },
      },
      signal,
    );
    workbench.commands.register(
      {
        id: 'deskmate.answers.focusSuggestions',
        title: 'Choose a suggested answer (arrow keys, Enter)',
        category: 'Answers',
        when: 'ticket || composerSeen',
        run: () => {
          hidden = false;
          // After the key that ran the command is done: an Enter still being handled would "click" the answer.
          setTimeout(() => {
            focusRequest++;
            drawHint();
          }, 50);
        },
      },
      signal,
    );
    workbench.commands.register(
      {
        id: 'deskmate.answers.showSuggestions',
        title: 'Show suggested answers',
        category: 'Answers',
        when: 'ticket || composerSeen',
        run: () => {
          hidden = false;
          drawHint();
        },
      },
      signal,
    );

    // The side panel's Suggestions view reads this tab's suggestions and inserts through it.
    const onMessage = (raw: unknown): Promise<unknown> | undefined =>
      handlePush(raw, answers, (articleId) => insertArticle(articleId, { accepted: true }));
    browser.runtime.onMessage.addListener(onMessage);
    signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage), {
      once: true,
    });
  },
};

function handlePush(
  raw: unknown,
  state: AnswersState,
  insert: (articleId: string) => Promise<boolean>,
): Promise<unknown> | undefined {
  const envelope = pushEnvelope(raw);
  if (!envelope) return undefined;
  const { push, payload } = envelope;
  if (push === 'answers.state') return Promise.resolve(structuredClone(state));
  if (push === 'answers.insert') {
    const parsed = pushes['answers.insert'](payload);
    if (parsed) return insert(parsed.articleId).then((inserted) => ({ inserted }));
  }
  return undefined;
}

/** Where to draw the completion list: under the caret, in the top document's viewport (an iframe editor's is shifted). */
function caretPoint(el: Element): { left: number; top: number } {
  const selection = el.ownerDocument.getSelection();
  const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : undefined;
  const rect = range?.getClientRects()[0] ?? range?.getBoundingClientRect();
  const local = rect && (rect.width > 0 || rect.height > 0) ? rect : el.getBoundingClientRect();
  const box = rectInTop(local, el, document);
  return { left: Math.max(4, box.left), top: box.bottom + 4 };
}
