/**
 * The data guard's layer over the page: wavy underlines under each finding (in the composer, and dotted, read-only
 * ones under the customer's messages), and the problem card shown on hover or with "Show problem at cursor": the
 * type, why it was flagged, what the policy does, and the quick fixes — each one a workbench command. Positions are
 * viewport coordinates (our host is fixed over the viewport); only underlines in view are drawn.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EvaluatedFinding } from '../../core/pii/index.ts';

export interface UnderlineBox {
  key: string;
  left: number;
  top: number;
  width: number;
  action: EvaluatedFinding['action'];
  readOnly: boolean;
}

export interface CardFinding {
  type: string;
  action: EvaluatedFinding['action'];
  reason: string;
  preview: string;
  readOnly: boolean;
  overridable: boolean;
}

export interface CardState {
  /** Stable per finding: the card keeps its state (a reason being typed) while the page redraws. */
  id: string;
  finding: CardFinding;
  left: number;
  top: number;
  /** Opened from the keyboard: focus the first quick fix. */
  focus: boolean;
}

export type QuickFix = 'mask' | 'maskAll' | 'remove' | 'allowOnce' | 'notSensitive';

const POLICY_WORDS: Record<EvaluatedFinding['action'], string> = {
  flag: 'Flagged: allowed, but think twice.',
  warn: 'You will be asked to confirm before sending.',
  mask: 'Masked automatically when you send.',
  block: 'Blocks sending.',
};

function ProblemCard(props: {
  card: CardState;
  onFix(fix: QuickFix, reason?: string): void;
  onClose(): void;
  onHover(inside: boolean): void;
}) {
  const { card, onFix, onClose } = props;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const first = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  // Focus once, when the card opens from the keyboard (the card is keyed by its finding, so it remounts per finding).
  // biome-ignore lint/correctness/useExhaustiveDependencies: on mount only
  useEffect(() => {
    if (card.focus) first.current?.focus();
  }, []);
  useEffect(() => {
    if (asking) input.current?.focus();
  }, [asking]);
  const { finding } = card;
  const top = Math.min(card.top, window.innerHeight - 220);
  const left = Math.max(8, Math.min(card.left, window.innerWidth - 340));
  return (
    <div
      class="dm-guard-card"
      role="dialog"
      aria-label={`${finding.type} in the ${finding.readOnly ? "customer's message" : 'reply'}`}
      data-testid="guard-card"
      data-type={finding.type}
      style={{ top: `${top}px`, left: `${left}px` }}
      onMouseEnter={() => props.onHover(true)}
      onMouseLeave={() => props.onHover(false)}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape') onClose();
      }}
      onKeyUp={(event) => event.stopPropagation()}
    >
      <div class="dm-guard-card-title">
        <strong>{finding.type}</strong> <code>{finding.preview}</code>
      </div>
      <div class="dm-guard-muted">Why: {finding.reason}</div>
      {finding.readOnly ? (
        <div data-testid="guard-card-readonly">
          In the customer's message: do not copy it into replies, notes or other tools.
        </div>
      ) : (
        <div>{POLICY_WORDS[finding.action]}</div>
      )}
      {!finding.readOnly && !asking && (
        <div class="dm-guard-fixes">
          <button type="button" ref={first} data-fix="mask" onClick={() => onFix('mask')}>
            Mask
          </button>
          <button type="button" data-fix="maskAll" onClick={() => onFix('maskAll')}>
            Mask all {finding.type}
          </button>
          <button type="button" data-fix="remove" onClick={() => onFix('remove')}>
            Remove
          </button>
          {(finding.action !== 'block' || finding.overridable) && (
            <button type="button" data-fix="allowOnce" onClick={() => setAsking(true)}>
              Allow once…
            </button>
          )}
          <button type="button" data-fix="notSensitive" onClick={() => onFix('notSensitive')}>
            Not sensitive
          </button>
        </div>
      )}
      {asking && (
        <div>
          <label>
            Why send it this once? (recorded, values masked)
            <textarea
              ref={input}
              rows={2}
              data-testid="guard-allow-reason"
              value={reason}
              onInput={(event) => setReason((event.target as HTMLTextAreaElement).value)}
            />
          </label>
          <div class="dm-guard-fixes">
            <button
              type="button"
              data-fix="allowOnceConfirm"
              disabled={reason.trim().length < 5}
              onClick={() => onFix('allowOnce', reason.trim())}
            >
              Allow once
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export function GuardLayer(props: {
  underlines: readonly UnderlineBox[];
  card: CardState | null;
  onFix(fix: QuickFix, reason?: string): void;
  onCloseCard(): void;
  onCardHover(inside: boolean): void;
}) {
  return (
    <>
      {props.underlines.map((box) => (
        <div
          key={box.key}
          class={`dm-guard-underline dm-guard-${box.readOnly ? 'readonly' : box.action}`}
          data-guard-underline={box.readOnly ? 'message' : 'composer'}
          data-action={box.action}
          style={{ left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px` }}
        />
      ))}
      {props.card && (
        <ProblemCard
          key={props.card.id}
          card={props.card}
          onFix={props.onFix}
          onClose={props.onCloseCard}
          onHover={props.onCardHover}
        />
      )}
    </>
  );
}
