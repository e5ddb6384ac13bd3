/**
 * Suggestions: the answers the open ticket's content script ranked for the customer's latest message, with why
 * each matched. Arrow keys move, Enter (or a click) inserts into the helpdesk's reply box through the tab.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { push } from '../../messaging/client.ts';
import type { AnswersState, SuggestionView } from '../../messaging/views.ts';
import type { SidePanelView } from './view.ts';

const REFRESH_MS = 2_000;

type TabAnswers = AnswersState;

function why(suggestion: SuggestionView): string {
  if (suggestion.why.examples.length > 0) return `Like “${suggestion.why.examples[0]}”`;
  if (suggestion.why.words.length > 0) return `Matches: ${suggestion.why.words.join(', ')}`;
  return '';
}

function SuggestionsView({ context }: Parameters<SidePanelView['component']>[0]) {
  const tabId = context.tabId;
  const [answers, setAnswers] = useState<TabAnswers | null | undefined>();
  const [active, setActive] = useState(0);
  const [notice, setNotice] = useState<string>();
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (tabId === null) return;
    let live = true;
    const load = async () => {
      const reply = await push(tabId, 'answers.state', {});
      if (live) setAnswers(reply ?? null);
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [tabId]);

  if (!context.client) return <p class="empty">This tab belongs to no client, so there are no answers.</p>;
  if (tabId === null || answers === null)
    return <p class="empty">Open a ticket in the helpdesk to see suggested answers here.</p>;
  if (answers === undefined || answers.state === 'loading') return <p class="muted">Loading…</p>;
  if (answers.state === 'empty-kb')
    return (
      <p class="empty" data-testid="suggestions-empty">
        {context.client.name} has no answers yet. Import its knowledge base in the options page (Knowledge)
        and suggestions show here.
      </p>
    );
  if (answers.state === 'none' || answers.suggestions.length === 0)
    return (
      <p class="empty" data-testid="suggestions-empty">
        No confident answer for the customer's latest message. Use “Insert answer…” in the palette (F1) to
        search them all.
      </p>
    );

  const insert = async (suggestion: SuggestionView) => {
    const reply = await push(tabId, 'answers.insert', { articleId: suggestion.articleId });
    setNotice(reply?.inserted ? `Inserted “${suggestion.title}”.` : 'The answer was not inserted.');
  };
  const move = (index: number) => {
    const count = answers.suggestions.length;
    const next = (index + count) % count;
    setActive(next);
    list.current?.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  };
  const weak = !answers.suggestions.some((s) => s.confident);
  return (
    <>
      {weak && <p class="muted">No confident match: these are possible answers.</p>}
      <ul
        class="ticket-list"
        aria-label="Suggested answers: arrow keys move, Enter inserts"
        ref={list}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') move(active + 1);
          else if (event.key === 'ArrowUp') move(active - 1);
          else return;
          event.preventDefault();
        }}
      >
        {answers.suggestions.map((suggestion, index) => (
          <li
            key={suggestion.articleId}
            aria-current={index === active ? 'true' : undefined}
            data-suggestion={suggestion.articleId}
          >
            <button type="button" onFocus={() => setActive(index)} onClick={() => void insert(suggestion)}>
              <strong>{suggestion.title}</strong>
              {suggestion.shortcut && <code> ;{suggestion.shortcut}</code>}
            </button>
            <div class="muted" data-testid="suggestion-why">
              {why(suggestion)} · {Math.round(suggestion.score * 100)}%
            </div>
            <div class="muted">{suggestion.preview}</div>
          </li>
        ))}
      </ul>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
    </>
  );
}

export const suggestionsView: SidePanelView = {
  id: 'suggestions',
  title: 'Suggestions',
  component: SuggestionsView,
};
