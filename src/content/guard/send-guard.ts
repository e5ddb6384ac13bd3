/**
 * The send guard: every way the helpdesk sends a reply (a click on its send button, Ctrl/Cmd+Enter in the
 * composer, Enter in a single-line composer, a form submit) is caught in the capture phase on `window`, before the
 * page's own handlers, and the composer's text is evaluated with the client's policy:
 *
 * - block → the send is stopped; a dialog says which types and why, and — only when every blocking finding may be
 *   overridden — offers "Send anyway" with a required written reason;
 * - warn → the send is stopped and a dialog asks the agent to confirm;
 * - mask → the values are masked in the editor (`replaceText`, an ordinary edit the editor's model records), and
 *   the original action is replayed once the editor has updated;
 * - allow → nothing happens (flagged values are recorded for the audit).
 *
 * Our listeners live in the content script's isolated world: page scripts cannot remove them or see their
 * state. The replay carries a one-shot bypass so the guard does not catch its own re-dispatched action.
 */
import {
  decideSend,
  type EvaluatedFinding,
  evaluate,
  fullMasking,
  mask,
  maskValue,
  type RedactionPolicy,
  ruleFor,
  type SendVerdict,
} from '../../core/pii/index.ts';
import type { GUARD_AUDIT_ACTIONS } from '../../messaging/protocol.ts';
import { readText, replaceText } from '../editing/index.ts';
import { type Composer, composerFor } from '../runtime/composer.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import {
  mayBeSend,
  outgoingFields,
  replaySend,
  type SendKind,
  sendTarget as sendTargetOf,
} from './send-events.ts';

/** What the guard records for the audit: one entry per finding, with what happened to it. */
/** What happened to a finding, as the audit records it (one list: messaging/protocol.ts GUARD_AUDIT_ACTIONS). */
export type GuardAction = (typeof GUARD_AUDIT_ACTIONS)[number];

export interface GuardRecord {
  action: GuardAction;
  finding: EvaluatedFinding;
  /** The value, only to be hashed by the worker; never stored. */
  value: string;
}

/** One finding as the dialog shows it: never the raw value, only its masked form. */
export interface DialogFinding {
  type: string;
  start: number;
  action: EvaluatedFinding['action'];
  reason: string;
  preview: string;
  overridable: boolean;
}

export interface DialogRequest {
  verdict: Exclude<SendVerdict, 'allow' | 'mask'> | 'error';
  findings: DialogFinding[];
  /** May the agent send anyway (warn: yes; block: only when every blocking finding allows an override). */
  canSend: boolean;
  /** Sending anyway needs a written reason (an overridden block). */
  needsReason: boolean;
  /** Said plainly when the guard itself could not do its job (masking failed, an error). */
  problem?: string;
  /** What is being guarded (default: sending a reply). */
  place?: 'send' | 'paste';
}

export type DialogAnswer = { send: false } | { send: true; reason?: string };

export interface SendGuardOptions {
  site: SiteAdapter;
  signal: AbortSignal;
  policy(): RedactionPolicy;
  /** Shows the dialog in our shadow root; resolves with the agent's choice. */
  ask(request: DialogRequest): Promise<DialogAnswer>;
  record(records: GuardRecord[], reason?: string): void;
  /** Findings the agent allowed once (with a reason) or reported as not sensitive: not stopped again. */
  exempt?(text: string, finding: EvaluatedFinding): boolean;
  /** Called after a reply was let through (to forget allowed-once values). */
  sent?(): void;
  /** The findings in a text (default: the policy's; the session adds whose data it is, guard/customers.ts). */
  evaluate?(text: string, policy: RedactionPolicy): readonly EvaluatedFinding[];
  /** The window to guard (tests pass happy-dom's). */
  view?: Window;
}

/** Rounds of masking in each value's own style before what is still found is masked in full (see `redact`). */
const STYLED_MASK_PASSES = 3;

export function previewOf(text: string, finding: EvaluatedFinding, policy: RedactionPolicy): string {
  const rule = ruleFor(policy, finding.type);
  // A tag says nothing of the value; in the dialog, the last characters help the agent find it.
  const style = rule.masking === 'tag' ? 'full' : rule.masking;
  return maskValue(text.slice(finding.start, finding.end), style, rule.tag);
}

export interface SendGuard {
  readonly busy: boolean;
  /**
   * Also guards sends made inside another window: a same-origin iframe holding the composer (Ctrl+Enter there
   * never reaches the top window's listeners).
   */
  /** Guards sends made in `view` too (a frame), until `until` aborts (the frame's listeners were erased). */
  watch(view: Window, until?: AbortSignal): void;
}

export function installSendGuard(options: SendGuardOptions): SendGuard {
  const view = options.view ?? window;
  const doc = view.document;
  let bypass = false;
  let busy = false;

  const sendTarget = (event: Event, kind: SendKind, composer: Composer) =>
    sendTargetOf(options.site, doc, event, kind, composer);

  const replay = (kind: SendKind, target: Element, event: Event) => {
    bypass = true;
    try {
      // In the target's own window: a composer in an iframe gets its own realm's events.
      replaySend(target.ownerDocument.defaultView ?? view, kind, target, event);
    } finally {
      bypass = false;
    }
  };

  const records = (text: string, findings: readonly EvaluatedFinding[], action: GuardAction): GuardRecord[] =>
    findings.map((finding) => ({ action, finding, value: text.slice(finding.start, finding.end) }));

  /** Masks the findings in the field, last first so earlier offsets stay valid; true when the text is as expected. */
  const applyMask = async (
    field: Element,
    text: string,
    findings: readonly EvaluatedFinding[],
    policy: RedactionPolicy,
  ): Promise<boolean> => {
    const expected = mask(text, findings, policy);
    for (const finding of [...findings].sort((a, b) => b.start - a.start)) {
      const rule = ruleFor(policy, finding.type);
      const result = await replaceText(
        field,
        finding.start,
        finding.end,
        maskValue(text.slice(finding.start, finding.end), rule.masking, rule.tag),
      );
      if (!result.ok) return false;
    }
    return sameText(readText(field), expected);
  };

  /** One field the send takes with it, read and checked when the send was caught. */
  interface Checked {
    field: Element;
    text: string;
    findings: EvaluatedFinding[];
  }

  const scan = options.evaluate ?? evaluate;
  const check = (fields: readonly Element[]): Checked[] => {
    const policy = options.policy();
    const out: Checked[] = [];
    for (const field of fields) {
      const text = readText(field);
      if (!text.trim()) continue;
      const findings = scan(text, policy).filter((finding) => !options.exempt?.(text, finding));
      out.push({ field, text, findings });
    }
    return out;
  };

  const resolve = async (
    kind: SendKind,
    target: Element,
    event: Event,
    checked: Checked[],
    verdict: SendVerdict,
  ) => {
    const policy = options.policy();
    const composer = checked[0]?.field;
    const all = (action: EvaluatedFinding['action']) =>
      checked.flatMap(({ text, findings }) =>
        findings.filter((f) => f.action === action).map((finding) => ({ text, finding })),
      );
    const toRecords = (list: Array<{ text: string; finding: EvaluatedFinding }>, action: GuardAction) =>
      list.map(({ text, finding }) => ({ action, finding, value: text.slice(finding.start, finding.end) }));
    const toDialog = ({ text, finding }: { text: string; finding: EvaluatedFinding }): DialogFinding => ({
      type: finding.type,
      start: finding.start,
      action: finding.action,
      reason: finding.reason,
      preview: previewOf(text, finding, policy),
      overridable: finding.overridable,
    });
    const blocking = all('block');
    const warning = all('warn');
    const flagged = all('flag');
    let reason: string | undefined;
    if (verdict === 'block' || verdict === 'warn') {
      const canSend = blocking.every(({ finding }) => finding.overridable);
      const shown = [...blocking, ...warning, ...all('mask')];
      const answer = await options.ask({
        verdict,
        findings: shown.map(toDialog),
        canSend,
        needsReason: blocking.length > 0,
      });
      if (!answer.send) {
        options.record([...toRecords(blocking, 'blocked'), ...toRecords(warning, 'warned')], undefined);
        (composer as HTMLElement | undefined)?.focus?.({ preventScroll: true });
        return;
      }
      reason = answer.reason;
    }
    // The text may have changed while the dialog was open: mask what is there now. Then check again: masking can
    // leave a value (the last four digits kept of one and the digits after it), and a value next to another is
    // sometimes only found once its neighbour is masked. Mask until nothing to mask is left, the last round in
    // full, as `redact` does; what still cannot be masked stops the send. Every field the send takes is masked.
    const toMaskIn = (current: string) =>
      scan(current, policy).filter((f) => f.action === 'mask' && !options.exempt?.(current, f));
    const masked: GuardRecord[] = [];
    for (const { field, text, findings } of checked) {
      let current = readText(field);
      let toMask = current === text ? findings.filter((f) => f.action === 'mask') : toMaskIn(current);
      for (let pass = 0; toMask.length > 0; pass++) {
        const style = pass < STYLED_MASK_PASSES ? policy : fullMasking(policy);
        if (pass > STYLED_MASK_PASSES || !(await applyMask(field, current, toMask, style))) {
          options.record(records(current, toMask, 'blocked'));
          await options.ask({
            verdict: 'error',
            findings: toMask.map((finding) => toDialog({ text: current, finding })),
            canSend: false,
            needsReason: false,
            problem:
              'Deskmate could not mask these values in this editor, so the reply was not sent. Mask or remove them by hand, then send again.',
          });
          return;
        }
        masked.push(...records(current, toMask, 'masked'));
        current = readText(field);
        toMask = toMaskIn(current);
      }
    }
    options.record(
      [
        ...toRecords(blocking, 'overridden'),
        ...toRecords(warning, 'warned'),
        ...masked,
        ...toRecords(flagged, 'flagged'),
      ],
      reason,
    );
    replay(kind, target, event);
    options.sent?.();
  };

  const guard = (kind: SendKind) => (event: Event) => {
    if (bypass || !mayBeSend(event, kind)) return;
    const composer = composerFor(options.site, doc);
    if (!composer) return;
    const target = sendTarget(event, kind, composer);
    if (!target) return;
    if (busy) {
      // A dialog or a masking is under way: every other send waits for it.
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    let checked: Checked[];
    let verdict: SendVerdict;
    try {
      checked = check(outgoingFields(composer, target, doc));
      if (checked.length === 0) return;
      verdict = decideSend(checked.flatMap((one) => one.findings));
    } catch (error) {
      // Fail closed, but never lock the agent out: say so and let them decide.
      event.preventDefault();
      event.stopImmediatePropagation();
      busy = true;
      void options
        .ask({
          verdict: 'error',
          findings: [],
          canSend: true,
          needsReason: false,
          problem: `The data guard could not check this reply (${(error as Error).message}).`,
        })
        .then((answer) => {
          if (answer.send) replay(kind, target, event);
        })
        .finally(() => {
          busy = false;
        });
      return;
    }
    if (verdict === 'allow') {
      const flagged = checked.flatMap(({ text, findings }) =>
        records(
          text,
          findings.filter((f) => f.action === 'flag'),
          'flagged',
        ),
      );
      if (flagged.length) options.record(flagged);
      // The page sends after this listener returns; forget allowed-once values once it has.
      if (options.sent) setTimeout(options.sent, 0);
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    busy = true;
    void resolve(kind, target, event, checked, verdict)
      .catch((error: unknown) => console.error('Deskmate: data guard failed:', (error as Error).message))
      .finally(() => {
        busy = false;
      });
  };

  // Page-made events too, deliberately: a reply the helpdesk's own script sends (its send button clicked from code,
  // `form.requestSubmit()`, a made-up Ctrl+Enter) leaves just the same, so it is checked just the same. Only the
  // agent can let a reply through the dialog: it lives in our shadow root, which refuses page-made input events.
  const watched = new WeakMap<Window, AbortSignal>();
  const watch = (target: Window, until?: AbortSignal) => {
    if (watched.get(target)?.aborted === false) return;
    const signal = until ? AbortSignal.any([options.signal, until]) : options.signal;
    watched.set(target, signal);
    const listenerOptions = { capture: true, signal };
    target.addEventListener('click', guard('click'), listenerOptions);
    target.addEventListener('keydown', guard('keydown'), listenerOptions);
    target.addEventListener('submit', guard('submit'), listenerOptions);
  };
  watch(view);
  return {
    get busy() {
      return busy;
    },
    watch,
  };
}

/** Equal up to what editors change in white space (paragraphs vs line breaks, non-breaking spaces). */
function sameText(a: string, b: string): boolean {
  const norm = (text: string) =>
    text
      .replace(/[\u200b\u2060\ufeff]/g, '')
      .replace(/[\s\u00a0]+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}
