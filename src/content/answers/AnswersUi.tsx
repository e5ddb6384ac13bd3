/**
 * The answers' in-page UI, in our shadow root: the compact hint with the top suggestions for the customer's
 * latest message (arrow keys and Enter insert), the inline `;shortcut` completion list at the caret, and the
 * small form asking for a template value the page does not give.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SearchHitView, SuggestionView } from '../../messaging/views.ts';
import { focusOurs } from '../workbench/focus.ts';
import styles from './answers.css?inline';
import { variableLabel } from './variables.ts';

export function whyText(suggestion: SuggestionView): string {
  if (suggestion.why.examples.length > 0) return `like “${suggestion.why.examples[0]}”`;
  if (suggestion.why.words.length > 0) return `matches ${suggestion.why.words.slice(0, 5).join(', ')}`;
  return '';
}

export interface HintProps {
  state: 'empty-kb' | 'none' | 'ready';
  suggestions: readonly SuggestionView[];
  onInsert(suggestion: SuggestionView): void;
  onClose(): void;
  /** Changes when the agent asks to move the focus into the list (a command). */
  focusRequest?: number;
}

export function AnswersHint(props: HintProps) {
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (props.focusRequest) focusOurs(list.current?.querySelector<HTMLButtonElement>('button.dm-answer'));
  }, [props.focusRequest]);
  const focus = (index: number) => {
    const count = props.suggestions.length;
    if (count === 0) return;
    const next = (index + count) % count;
    setActive(next);
    list.current?.querySelectorAll<HTMLButtonElement>('button.dm-answer')[next]?.focus();
  };
  return (
    <>
      <style>{styles}</style>
      <section class="dm-answers-hint" data-testid="answers-hint" aria-label="Suggested answers">
        <header>
          <span data-testid="answers-heading">
            {props.state === 'ready' && !props.suggestions.some((s) => s.confident)
              ? 'Possible answers (low confidence)'
              : 'Suggested answers'}
          </span>
          <button type="button" aria-label="Hide suggestions" onClick={props.onClose}>
            ×
          </button>
        </header>
        {props.state === 'empty-kb' && (
          <p class="dm-answers-empty" data-testid="answers-empty">
            No answers for this client yet. Import the client's knowledge base in Deskmate's options
            (Knowledge) and suggestions appear here.
          </p>
        )}
        {props.state === 'none' && (
          <p class="dm-answers-empty" data-testid="answers-empty">
            Nothing confident for this message. Press F1 and “Insert answer…” to search every answer.
          </p>
        )}
        {props.state === 'ready' && (
          <ul
            class="dm-answers-list"
            aria-label="Answers: arrow keys move, Enter inserts"
            ref={list}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') focus(active + 1);
              else if (event.key === 'ArrowUp') focus(active - 1);
              else if (event.key === 'Escape') props.onClose();
              else return;
              event.preventDefault();
              event.stopPropagation();
            }}
          >
            {props.suggestions.map((suggestion, index) => (
              <li
                key={suggestion.articleId}
                aria-current={index === active ? 'true' : undefined}
                data-answer={suggestion.articleId}
              >
                <button
                  type="button"
                  class="dm-answer"
                  onFocus={() => setActive(index)}
                  onClick={() => props.onInsert(suggestion)}
                >
                  <span class="dm-answer-title">{suggestion.title}</span>
                  {suggestion.shortcut && <span class="dm-answer-shortcut"> ;{suggestion.shortcut}</span>}
                  <div class="dm-answer-why" data-testid="answer-why">
                    {whyText(suggestion)}
                  </div>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export interface CompletionProps {
  hits: readonly SearchHitView[];
  active: number;
  at: { left: number; top: number };
  onPick(hit: SearchHitView): void;
}

export function CompletionList(props: CompletionProps) {
  return (
    <>
      <style>{styles}</style>
      <div
        class="dm-completion dm-answers-list"
        role="listbox"
        aria-label="Answers by shortcut"
        data-testid="answers-completion"
        style={{ left: `${props.at.left}px`, top: `${props.at.top}px` }}
      >
        {props.hits.map((hit, index) => (
          <div
            key={hit.articleId}
            role="option"
            tabIndex={-1}
            aria-selected={index === props.active}
            data-completion={hit.shortcut}
            onMouseDown={(event) => {
              event.preventDefault();
              props.onPick(hit);
            }}
          >
            <strong>;{hit.shortcut}</strong>
            <span>{hit.title}</span>
          </div>
        ))}
      </div>
    </>
  );
}

export interface VariablesFormProps {
  names: readonly string[];
  /** Values the answer also needs that the form does not ask for (see `variablesToAsk`): filled in the reply. */
  more?: number;
  initial: Record<string, string | undefined>;
  onSubmit(values: Record<string, string>): void;
  onCancel(): void;
}

/** Asks for the values the page does not give; every one must be filled (an answer never goes out blank). */
export function VariablesForm(props: VariablesFormProps) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(props.names.map((name) => [name, props.initial[name] ?? ''])),
  );
  const first = useRef<HTMLInputElement>(null);
  // Focus before the browser paints, as the palette does: a key pressed as soon as the form shows must land in it,
  // not in the reply behind it.
  useLayoutEffect(() => focusOurs(first.current), []);
  const complete = props.names.every((name) => (values[name] ?? '').trim() !== '');
  return (
    <>
      <style>{styles}</style>
      <form
        class="dm-variables-form"
        data-testid="answers-variables"
        aria-label="Fill in the answer"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            props.onCancel();
          }
          event.stopPropagation();
        }}
        onSubmit={(event) => {
          event.preventDefault();
          if (complete) props.onSubmit(values);
        }}
      >
        <strong>This answer needs</strong>
        {props.more ? (
          <p class="dm-more" data-testid="answers-variables-more">
            {props.more === 1
              ? 'This answer asks for 1 more value; fill it in the reply, where it shows as the article writes it.'
              : `This answer asks for ${props.more} more values; fill them in the reply, where they show as the article writes them.`}
          </p>
        ) : null}
        {props.names.map((name, index) => (
          <label key={name}>
            {variableLabel(name)}
            <input
              ref={index === 0 ? first : undefined}
              name={name}
              data-variable={name}
              required
              value={values[name]}
              onInput={(event) =>
                setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value })
              }
            />
          </label>
        ))}
        <div class="dm-actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" disabled={!complete} data-testid="answers-variables-submit">
            Insert
          </button>
        </div>
      </form>
    </>
  );
}
