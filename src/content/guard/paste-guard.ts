/**
 * The paste guard, on sites outside the helpdesk that a client's policy lists in `guard.pasteSites` (a chat tool,
 * a translation site, a notes app): text the agent pastes there is checked with that client's policy before the
 * page gets it. Nothing found (or only flagged values): the paste goes through untouched, rich formatting and
 * all. Values to mask: the text is pasted with them masked. Warn or block: a dialog says what was found and, where
 * the policy allows, lets the agent paste anyway (a block only with a written reason). The audit records what
 * happened under the client whose policy applied — types, scores, hashes and lengths, never the values.
 */
import { h } from 'preact';
import {
  decideSend,
  defaultPolicy,
  type EvaluatedFinding,
  evaluate,
  mask,
  type RedactionPolicy,
} from '../../core/pii/index.ts';
import type { request as requestFn } from '../../messaging/client.ts';
import { findEditable, insertText } from '../editing/index.ts';
import { isAgentEvent } from '../runtime/agent-events.ts';
import { attachLayer } from '../workbench/layer.ts';
import type { UiHost } from '../workbench/ui-host.tsx';
import { CustomerAwareness } from './customers.ts';
import { GuardDialog } from './dialog.tsx';
import guardStyles from './guard.css?inline';
import {
  type DialogAnswer,
  type DialogRequest,
  type GuardAction,
  type GuardRecord,
  previewOf,
} from './send-guard.ts';

export interface PasteGuardOptions {
  ui: UiHost;
  signal: AbortSignal;
  /** The applying client's policy (null: pasting here is no longer guarded). */
  policy(): RedactionPolicy | null;
  record(records: GuardRecord[], reason?: string): void;
  /** Also flag the details of the customers the agent saw this shift (guard/customers.ts), asking the worker. */
  customers?: { site: string; request: typeof requestFn };
  view?: Window;
}

export function startPasteGuard(options: PasteGuardOptions): void {
  const view = options.view ?? window;
  const customers =
    options.customers &&
    new CustomerAwareness({
      ...options.customers,
      ticketId: () => undefined,
      policy: () => options.policy() ?? defaultPolicy(),
      signal: options.signal,
      changed: () => {},
    });
  if (customers) {
    customers.refresh();
    // The agent comes back from the helpdesk, where they may have seen more customers.
    view.document.addEventListener(
      'visibilitychange',
      () => {
        if (view.document.visibilityState === 'visible') customers.refresh();
      },
      { signal: options.signal },
    );
  }
  const render = attachLayer(options.ui, null, options.signal);
  let busy = false;

  const ask = (request: DialogRequest) =>
    new Promise<DialogAnswer>((resolve) => {
      const done = (answer: DialogAnswer) => {
        render(null);
        resolve(answer);
      };
      options.signal.addEventListener('abort', () => resolve({ send: false }), { once: true });
      render(h('div', null, h('style', null, guardStyles), h(GuardDialog, { request, onAnswer: done })));
    });

  const records = (text: string, findings: readonly EvaluatedFinding[], action: GuardAction): GuardRecord[] =>
    findings.map((finding) => ({ action, finding, value: text.slice(finding.start, finding.end) }));

  /** Where the paste was going: the editable the event targets, else the focused one. */
  const targetOf = (event: Event): Element | undefined => {
    const origin = event.composedPath()[0] as Node | undefined;
    const from = origin?.nodeType === 1 ? (origin as Element) : view.document.activeElement;
    const editable = from ? findEditable(from) : undefined;
    // Only the field being pasted into (never another one further down the page).
    return editable && from && (editable === from || editable.contains(from)) ? editable : undefined;
  };

  const paste = async (target: Element, text: string) => {
    (target as HTMLElement).focus?.({ preventScroll: true });
    const result = await insertText(target, text);
    if (!result.ok) console.error('Deskmate: the paste guard could not paste:', result.message);
  };

  view.addEventListener(
    'paste',
    (event) => {
      // Only the agent's own pastes: our own insertion may go through a synthetic paste event, and a paste the
      // page makes carries no clipboard of the agent's.
      if (!isAgentEvent(event)) return;
      const policy = options.policy();
      if (!policy) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (!text.trim()) return;
      const own = evaluate(text, policy);
      const findings = customers ? customers.markAnyCustomer(text, own) : own;
      if (findings.length === 0) return;
      const verdict = decideSend(findings);
      const flagged = findings.filter((f) => f.action === 'flag');
      if (verdict === 'allow') {
        options.record(records(text, flagged, 'flagged'));
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      const target = targetOf(event);
      if (!target || busy) return;
      const masking = findings.filter((f) => f.action === 'mask');
      const masked = mask(text, masking, policy);
      if (verdict === 'mask') {
        void paste(target, masked);
        options.record([...records(text, masking, 'masked'), ...records(text, flagged, 'flagged')]);
        return;
      }
      const blocking = findings.filter((f) => f.action === 'block');
      const warning = findings.filter((f) => f.action === 'warn');
      busy = true;
      void ask({
        place: 'paste',
        verdict,
        findings: findings
          .filter((f) => f.action !== 'flag')
          .map((finding) => ({
            type: finding.type,
            start: finding.start,
            action: finding.action,
            reason: finding.reason,
            preview: previewOf(text, finding, policy),
            overridable: finding.overridable,
          })),
        canSend: blocking.every((f) => f.overridable),
        needsReason: blocking.length > 0,
      })
        .then(async (answer) => {
          if (!answer.send) {
            options.record([...records(text, blocking, 'blocked'), ...records(text, warning, 'warned')]);
            return;
          }
          // Pasted anyway: what the policy masks is still masked.
          await paste(target, masked);
          options.record(
            [
              ...records(text, blocking, 'overridden'),
              ...records(text, warning, 'warned'),
              ...records(text, masking, 'masked'),
              ...records(text, flagged, 'flagged'),
            ],
            answer.reason,
          );
        })
        .finally(() => {
          busy = false;
        });
    },
    { capture: true, signal: options.signal },
  );
}
