/**
 * The send guard's dialog (and the paste guard's, in its own words), in our shadow root: what was found (type, masked preview, why), what the policy says,
 * and the agent's way out: back to the reply, or — when the policy allows it — "Send anyway", which an overridden
 * block only accepts with a written reason. Keys typed here stay here (the helpdesk's shortcuts do not see them).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DialogAnswer, DialogRequest } from './send-guard.ts';

type Place = NonNullable<DialogRequest['place']>;

/** The words for what is being guarded: sending a reply, or pasting into a site outside the helpdesk. */
const WORDS: Record<
  Place,
  {
    titles: Record<DialogRequest['verdict'], string>;
    actions: Record<DialogRequest['findings'][number]['action'], string>;
    again: string;
    back: string;
    reason: string;
    anyway: string;
  }
> = {
  send: {
    titles: {
      block: 'Sending blocked: this reply contains sensitive data',
      warn: 'Check before sending: this reply contains sensitive data',
      error: 'The reply was not sent',
    },
    actions: {
      block: 'not allowed in replies',
      warn: 'confirm before sending',
      mask: 'masked automatically when sent',
      flag: 'flagged',
    },
    again: 'Remove or mask these values, then send again.',
    back: 'Back to the reply',
    reason: 'Why must this be sent anyway? (required; recorded for your QA lead, values masked)',
    anyway: 'Send anyway',
  },
  paste: {
    titles: {
      block: 'Pasting blocked: the copied text contains sensitive customer data',
      warn: 'Check before pasting: the copied text contains sensitive customer data',
      error: 'Nothing was pasted',
    },
    actions: {
      block: 'not allowed on this site',
      warn: 'confirm before pasting',
      mask: 'masked when pasted',
      flag: 'flagged',
    },
    again: 'Copy the text again without these values to paste it here.',
    back: 'Don’t paste',
    reason: 'Why must this be pasted here? (required; recorded for your QA lead, values masked)',
    anyway: 'Paste anyway',
  },
};

/**
 * Tab and Shift+Tab go round the dialog's own controls: it is modal (`aria-modal`), and focus that walked out to
 * the status bar or the page behind it left a keyboard user acting on things the dialog hides.
 */
function keepFocusIn(dialog: HTMLElement, event: KeyboardEvent): void {
  const controls = [
    ...dialog.querySelectorAll<HTMLElement>(
      'button:not([disabled]), textarea:not([disabled]), input:not([disabled])',
    ),
  ];
  if (controls.length === 0) return;
  // Inside our shadow root the document's activeElement is only the host.
  const active = (dialog.getRootNode() as Document | ShadowRoot).activeElement;
  const at = controls.indexOf(active as HTMLElement);
  const next = event.shiftKey
    ? at <= 0
      ? controls.at(-1)
      : undefined
    : at === -1 || at === controls.length - 1
      ? controls[0]
      : undefined;
  if (!next) return; // moving between its own controls: the browser's order
  event.preventDefault();
  next.focus();
}

/** The shortest reason accepted for an override: a word or two, not a keystroke. */
export const MIN_REASON = 5;

export function GuardDialog(props: { request: DialogRequest; onAnswer(answer: DialogAnswer): void }) {
  const { request, onAnswer } = props;
  const [reason, setReason] = useState('');
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const reasonOk = !request.needsReason || reason.trim().length >= MIN_REASON;
  const types = [...new Set(request.findings.map((f) => f.type))];
  const words = WORDS[request.place ?? 'send'];
  return (
    <div class="dm-guard-backdrop">
      <div
        class="dm-guard-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="dm-guard-title"
        data-testid="guard-dialog"
        data-verdict={request.verdict}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape') onAnswer({ send: false });
          if (event.key === 'Tab') keepFocusIn(event.currentTarget as HTMLElement, event);
        }}
        onKeyUp={(event) => event.stopPropagation()}
      >
        <h2 id="dm-guard-title">{words.titles[request.verdict]}</h2>
        {request.problem && <p data-testid="guard-problem">{request.problem}</p>}
        {types.length > 0 && (
          <p>
            Found: <strong data-testid="guard-types">{types.join(', ')}</strong>
          </p>
        )}
        <ul>
          {request.findings.map((finding) => (
            <li
              key={`${finding.type}:${finding.start}`}
              data-testid="guard-finding"
              data-type={finding.type}
              data-action={finding.action}
            >
              <strong>{finding.type}</strong> <code>{finding.preview}</code> — {words.actions[finding.action]}
              {finding.action === 'block' && !finding.overridable
                ? ' (the client’s policy allows no override)'
                : ''}
              <div class="dm-guard-muted">Why: {finding.reason}</div>
            </li>
          ))}
        </ul>
        {request.verdict === 'block' && !request.canSend && <p class="dm-guard-muted">{words.again}</p>}
        {request.canSend && request.needsReason && (
          <label>
            {words.reason}
            <textarea
              data-testid="guard-reason"
              rows={2}
              value={reason}
              onInput={(event) => setReason((event.target as HTMLTextAreaElement).value)}
            />
          </label>
        )}
        <div class="dm-guard-actions">
          <button
            type="button"
            ref={first}
            data-testid="guard-cancel"
            class={request.canSend ? '' : 'dm-guard-primary'}
            onClick={() => onAnswer({ send: false })}
          >
            {words.back}
          </button>
          {request.canSend && (
            <button
              type="button"
              class="dm-guard-primary"
              data-testid="guard-send-anyway"
              disabled={!reasonOk}
              onClick={() =>
                onAnswer(request.needsReason ? { send: true, reason: reason.trim() } : { send: true })
              }
            >
              {words.anyway}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
