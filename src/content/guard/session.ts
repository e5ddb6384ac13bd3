/**
 * The data guard on the helpdesk page, once its detection engine has loaded:
 * - underlines sensitive data in the composer as the agent types (and, read-only, in the customer's messages),
 *   with a problem card on hover or "Show problem at cursor" (Ctrl+.) offering quick fixes as commands;
 * - the send guard (block, warn, mask before a reply leaves);
 * - the copy guard, where the client's policy asks for it;
 * - the problem count in the status bar and the side panel's Problems view (types and positions, never values);
 * - the audit trail, recorded by the worker (types, scores, salted hashes, lengths — never the values).
 * The client's policy comes with the tab's settings, so one client's policy never applies on another's pages.
 */
import { type ComponentChild, h } from 'preact';
import { streetIn } from '../../core/pii/customers/check.ts';
import {
  defaultPolicy,
  type EvaluatedFinding,
  evaluate,
  mask,
  maskValue,
  type RedactionPolicy,
  ruleFor,
} from '../../core/pii/index.ts';
import { replaceText } from '../editing/index.ts';
import type { FeatureContext } from '../features/feature.ts';
import { isAgentEvent } from '../runtime/agent-events.ts';
import { pointInTop } from '../runtime/frames.ts';
import { readRequester, readTicketId } from '../sites/read.ts';
import { attachLayer } from '../workbench/layer.ts';
import { auditEntries } from './audit-entries.ts';
import { CustomerAwareness } from './customers.ts';
import { GuardDialog } from './dialog.tsx';
import guardStyles from './guard.css?inline';
import { GuardView, type GuardViewState, type Located } from './guard-view.ts';
import { type CardState, GuardLayer, type QuickFix, type UnderlineBox } from './layer.tsx';
import {
  type DialogAnswer,
  type DialogRequest,
  type GuardAction,
  type GuardRecord,
  installSendGuard,
  previewOf,
} from './send-guard.ts';
import { workTimes } from './timing.ts';

const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 400;
const PROBLEMS_THROTTLE_MS = 400;

export interface GuardHooks {
  /** Fires 'forgotten' when the agent ended the shift's customer memory from this tab. */
  forgotten?: EventTarget;
}

/** Starts the whole guard on this page (the feature in features/data-guard.ts loads this module when needed). */
export function startDataGuard(
  { site, tab, signal, ui, request, workbench, url, listen, dom, frames }: FeatureContext,
  hooks: GuardHooks = {},
): void {
  let cached: { source: RedactionPolicy | null; policy: RedactionPolicy } | undefined;
  const policy = (): RedactionPolicy => {
    const source = tab.value.settings['guard.policy'];
    if (cached?.source !== source) cached = { source, policy: source ?? defaultPolicy() };
    return cached.policy;
  };
  const ticketId = () => readTicketId(site, url, document);

  const record = (records: GuardRecord[], reason?: string) => {
    if (records.length === 0) return;
    const ticket = ticketId();
    void request('guard.audit', {
      site: site.id,
      ...(ticket ? { ticketId: ticket } : {}),
      ...(reason ? { reason } : {}),
      entries: auditEntries(records),
    }).catch(() => {
      // The worker is restarting or the extension reloaded: what the agent does is unaffected.
    });
  };
  const recordOne = (located: Located, action: GuardAction, reason?: string) =>
    record(
      [
        {
          action,
          finding: located.finding,
          value: located.text.slice(located.finding.start, located.finding.end),
        },
      ],
      reason,
    );

  // Values the agent allowed once (until the next send) or said are not sensitive (for this page). Memory only.
  const allowedOnce: Array<{ type: string; value: string }> = [];
  const notSensitive: Array<{ type: string; value: string }> = [];
  const exempt = (text: string, finding: EvaluatedFinding) => {
    const value = text.slice(finding.start, finding.end);
    const same = (entry: { type: string; value: string }) =>
      entry.type === finding.type && entry.value === value;
    return allowedOnce.some(same) || notSensitive.some(same);
  };

  // Everything we draw lives in one layer of our shadow root: the underlines, the card and the send dialog.
  let layerState: GuardViewState = { underlines: [], composer: [], messages: [] };
  /** The first state was drawn and reported (the Problems view hears "no problems" once). */
  let reported = false;
  let card: (CardState & { located: Located }) | null = null;
  let dialog: ComponentChild = null;
  const render = attachLayer(ui, h('style', null, guardStyles), signal);
  const paint = () =>
    render(
      h(
        'div',
        null,
        h('style', null, guardStyles),
        h(GuardLayer, {
          underlines: layerState.underlines,
          card,
          onFix: (fix: QuickFix, reason?: string) => void runFix(fix, reason),
          onCloseCard: () => closeCard(true),
          onCardHover: (inside: boolean) => {
            overCard = inside;
            if (!inside) scheduleClose();
          },
        }),
        dialog,
      ),
    );

  const ask = (request: DialogRequest) =>
    new Promise<DialogAnswer>((resolve) => {
      // Escape goes back to the reply wherever the focus is: in the dialog, on the page, or still in an iframe
      // editor (TinyMCE), whose keys never reach the top window.
      const windows = new Set<Window>([window]);
      const frame = view.composer()?.ownerDocument.defaultView;
      if (frame) windows.add(frame);
      const onKey = (event: KeyboardEvent) => {
        // The agent's Escape only: the page cannot dismiss the dialog before the agent has read it.
        if (event.key !== 'Escape' || !isAgentEvent(event)) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        done({ send: false });
      };
      let finished = false;
      const done = (answer: DialogAnswer) => {
        if (finished) return;
        finished = true;
        for (const target of windows) target.removeEventListener('keydown', onKey, { capture: true });
        dialog = null;
        paint();
        resolve(answer);
      };
      for (const target of windows) target.addEventListener('keydown', onKey, { capture: true });
      signal.addEventListener('abort', () => done({ send: false }), { once: true });
      card = null;
      dialog = h(GuardDialog, { request, onAnswer: done });
      paint();
    });

  // Problems: status bar and the side panel's view (via the worker), throttled.
  let lastReport = '';
  let lastStatus = '';
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  let latest: GuardViewState = { underlines: [], composer: [], messages: [] };
  const report = (state: GuardViewState) => {
    const composerFindings = state.composer.map((located) => located.finding);
    const status = JSON.stringify(composerFindings.map((f) => [f.type, f.action]));
    if (status === lastStatus) {
      // Nothing the status bar shows changed (typing moves offsets only).
    } else if (composerFindings.length === 0) {
      lastStatus = status;
      workbench.statusBar.remove('guard-problems');
      workbench.contextKeys.set('guardProblems', false);
    } else {
      lastStatus = status;
      const severity = composerFindings.some((f) => f.action === 'block')
        ? 'error'
        : composerFindings.some((f) => f.action === 'warn')
          ? 'warning'
          : 'info';
      const types = [...new Set(composerFindings.map((f) => f.type))];
      workbench.statusBar.set(
        {
          id: 'guard-problems',
          text: `⚠ ${composerFindings.length} problem${composerFindings.length === 1 ? '' : 's'}`,
          tooltip: `Sensitive data in the reply: ${types.join(', ')} — click to show the first`,
          command: 'deskmate.guard.showProblem',
          alignment: 'left',
          priority: 50,
          severity,
          announce: true,
        },
        signal,
      );
      workbench.contextKeys.set('guardProblems', true);
    }
    // The Problems view hears at most every PROBLEMS_THROTTLE_MS, with the state of that moment.
    latest = state;
    if (reportTimer !== undefined) return;
    reportTimer = setTimeout(() => {
      reportTimer = undefined;
      const problems = [...withLines(latest.composer), ...withLines(latest.messages)].slice(0, 2000);
      const json = JSON.stringify(problems);
      if (json === lastReport) return;
      lastReport = json;
      const ticket = ticketId();
      void request('guard.problems', {
        site: site.id,
        ...(ticket ? { ticketId: ticket } : {}),
        problems,
      }).catch(() => {});
    }, PROBLEMS_THROTTLE_MS);
  };

  // Whose data is it: the ticket's customer is remembered (hashes) for the shift, and another customer's values
  // in this reply are marked. Told again when the agent comes back to the tab (other tabs may have taught more).
  const customers = new CustomerAwareness({
    site: site.id,
    ticketId,
    policy,
    request,
    signal,
    changed: () => view.edited(),
  });
  customers.refresh();
  hooks.forgotten?.addEventListener('forgotten', () => customers.refresh(), { signal });
  listen(
    document,
    'visibilitychange',
    () => {
      if (document.visibilityState === 'visible') customers.refresh();
    },
    { pageEvents: 'the browser’s own event; it only makes us ask the worker again' },
  );
  listen(window, 'focus', () => customers.refresh(), {
    pageEvents: 'the agent coming back to this window; it only makes us ask the worker again',
  });
  /** What the page shows of the customer; the address as the street-address detector reads it. */
  const customerDetails = () => {
    const reading = readRequester(site, document);
    return { ...reading, address: streetIn(reading.address, policy()) };
  };

  // For the benchmark, in our isolated world only (the page cannot see this global).
  (globalThis as { __deskmateGuardWork?: typeof workTimes }).__deskmateGuardWork = workTimes;
  const view = new GuardView({
    site,
    mirrorParent: ui.shadow,
    policy,
    exempt,
    refine: (text, findings) => customers.markReply(text, findings),
    // The worker scans the customer's messages (off the page's main thread) and remembers whose they are.
    scanElsewhere: async (texts) => {
      const ticket = ticketId();
      const requester = readRequester(site, document);
      const answer = await request('guard.scanMessages', {
        texts,
        ...(ticket ? { ticket: { site: site.id, ticketId: ticket, ...requester } } : {}),
      });
      if (answer.customers) customers.learn(answer.customers, requester);
      return answer.findings;
    },
    messagesRead: (messages, elsewhere) => {
      if (!elsewhere) customers.seen(customerDetails(), messages);
    },
    onUpdate(state) {
      // Nothing found before or now (most page changes on most tickets): nothing to draw or report.
      const empty = (it: GuardViewState) =>
        it.underlines.length === 0 && it.composer.length === 0 && it.messages.length === 0;
      if (empty(state) && empty(layerState) && !card) {
        if (reported) return;
        // The first state, empty: the Problems view hears "no problems" once; there is nothing to draw yet.
        reported = true;
        layerState = state;
        report(state);
        return;
      }
      reported = true;
      const drawn = layerState.underlines;
      layerState = state;
      if (card) {
        // Keep the card on its finding while the text moves; close it when the finding is gone.
        const current = card.located;
        const still = [...state.composer, ...state.messages].find(
          (located) =>
            located.source === current.source &&
            located.finding.type === current.finding.type &&
            located.text.slice(located.finding.start, located.finding.end) ===
              current.text.slice(current.finding.start, current.finding.end),
        );
        if (still) card = { ...card, located: still };
        else card = null;
      }
      // Typing after the last value moves no underline: nothing to draw again.
      if (card || !sameUnderlines(drawn, state.underlines)) paint();
      report(state);
    },
  });
  signal.addEventListener(
    'abort',
    () => {
      view.dispose();
      clearTimeout(reportTimer);
      clearTimeout(hoverTimer);
      workbench.contextKeys.set('guardProblems', false);
      void request('guard.problems', { site: site.id, problems: [] }).catch(() => {});
    },
    { once: true },
  );

  const sendGuard = installSendGuard({
    site,
    signal,
    policy,
    ask,
    record,
    exempt,
    evaluate: (text, current) => customers.markReply(text, evaluate(text, current)),
    sent() {
      allowedOnce.length = 0;
      view.edited();
    },
  });

  // Re-scan on edits, re-place on scroll and resize, re-read the conversation when the page changes.
  listen(document, 'input', () => view.edited(), {
    capture: true,
    pageEvents: 'a rescan after any edit, the page’s and our own insertions included',
  });
  listen(document, 'scroll', () => view.moved(), { capture: true, passive: true });
  listen(window, 'resize', () => view.moved(), { passive: true });
  dom.onChange((records) => view.mutated(records), signal);
  view.pageChanged();

  // The problem card: on hover over an underline, or from the keyboard.
  let hoverTimer: ReturnType<typeof setTimeout> | undefined;
  let overCard = false;
  const openCard = (located: Located, focus: boolean) => {
    const rect = located.rects[0];
    const composer = view.composer();
    const anchor = rect ?? composer?.getBoundingClientRect();
    if (!anchor) return;
    card = {
      id: `${located.source}:${located.finding.type}:${located.finding.start}:${Date.now()}`,
      located,
      focus,
      left: anchor.left,
      top: anchor.bottom + 6,
      finding: {
        type: located.finding.type,
        action: located.finding.action,
        reason: located.finding.reason,
        preview: previewOf(located.text, located.finding, policy()),
        readOnly: located.source === 'message',
        overridable: located.finding.overridable,
      },
    };
    paint();
  };
  const closeCard = (refocus: boolean) => {
    if (!card) return;
    const wasComposer = card.located.source === 'composer';
    card = null;
    paint();
    if (refocus && wasComposer) (view.composer() as HTMLElement | undefined)?.focus({ preventScroll: true });
  };
  const scheduleClose = () => {
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(() => {
      if (!overCard && card && !card.focus) closeCard(false);
    }, HOVER_CLOSE_MS);
  };
  let pointer: { x: number; y: number } | undefined;
  let pointerFrame = 0;
  const onPointer = (event: Event) => {
    if (ui.contains(event)) return;
    const mouse = event as MouseEvent;
    // A move inside an iframe editor is measured in the frame's viewport: in ours, it is shifted by the frame.
    const doc = (mouse.view?.document ?? document) as Document;
    pointer =
      doc === document
        ? { x: mouse.clientX, y: mouse.clientY }
        : pointInTop(doc, document, mouse.clientX, mouse.clientY);
    if (pointerFrame) return;
    pointerFrame = requestAnimationFrame(() => {
      pointerFrame = 0;
      if (!pointer) return;
      const located = view.at(pointer.x, pointer.y);
      if (!located) {
        if (card && !card.focus) scheduleClose();
        return;
      }
      if (
        card &&
        card.located.finding.start === located.finding.start &&
        card.located.source === located.source
      )
        return;
      clearTimeout(hoverTimer);
      hoverTimer = setTimeout(() => openCard(located, false), HOVER_OPEN_MS);
    });
  };
  listen(document, 'mousemove', onPointer, { capture: true, passive: true });
  // Escape closes a hover card wherever the caret is (in an iframe editor too), and only then takes the key.
  const onEscape = (event: Event) => {
    if ((event as KeyboardEvent).key !== 'Escape' || !card || ui.contains(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    closeCard(true);
  };
  listen(document, 'keydown', onEscape, { capture: true });
  // A composer in a same-origin iframe: its sends, and the pointer over its underlines, happen in the frame.
  frames.each(signal, (frameDoc, frame, attached) => {
    sendGuard.watch(frame, attached);
    listen(frameDoc, 'input', () => view.edited(), {
      capture: true,
      pageEvents: 'a rescan after any edit in the frame, as in the page',
      signal: attached,
    });
    listen(frameDoc, 'mousemove', onPointer, { capture: true, passive: true, signal: attached });
    listen(frameDoc, 'keydown', onEscape, { capture: true, signal: attached });
  });
  signal.addEventListener('abort', () => cancelAnimationFrame(pointerFrame), { once: true });

  /** The finding a quick fix acts on: the card's, else the one at the caret. */
  const target = (): Located | undefined => {
    view.run();
    if (card) return card.located;
    return view.atCaret();
  };

  const runFix = async (fix: QuickFix, reason?: string) => {
    const located = target();
    if (located?.source !== 'composer') return;
    const composer = view.composer();
    if (!composer) return;
    const { finding, text } = located;
    const value = text.slice(finding.start, finding.end);
    const current = policy();
    closeCard(true);
    if (fix === 'mask' || fix === 'remove') {
      const rule = ruleFor(current, finding.type);
      await replaceText(
        composer,
        finding.start,
        finding.end,
        fix === 'mask' ? maskValue(value, rule.masking, rule.tag) : '',
      );
      recordOne(located, 'masked');
    } else if (fix === 'maskAll') {
      const same = view.state.composer
        .filter((other) => other.finding.type === finding.type)
        .sort((a, b) => b.finding.start - a.finding.start);
      for (const other of same) {
        const rule = ruleFor(current, other.finding.type);
        await replaceText(
          composer,
          other.finding.start,
          other.finding.end,
          maskValue(other.text.slice(other.finding.start, other.finding.end), rule.masking, rule.tag),
        );
      }
      for (const other of same) recordOne(other, 'masked');
    } else if (fix === 'allowOnce') {
      if (!reason) {
        openCard(located, true);
        return;
      }
      allowedOnce.push({ type: finding.type, value });
      recordOne(located, 'overridden', reason);
    } else {
      notSensitive.push({ type: finding.type, value });
      recordOne(located, 'not-sensitive');
    }
    view.edited();
  };

  const commands: Array<[string, string, () => unknown]> = [
    [
      'deskmate.guard.showProblem',
      'Show problem at cursor',
      () => {
        const located = target();
        if (located) openCard(located, true);
      },
    ],
    ['deskmate.guard.mask', 'Mask this value', () => runFix('mask')],
    ['deskmate.guard.maskAll', 'Mask all values of this type', () => runFix('maskAll')],
    ['deskmate.guard.remove', 'Remove this value', () => runFix('remove')],
    ['deskmate.guard.allowOnce', 'Allow this value once…', () => runFix('allowOnce')],
    ['deskmate.guard.notSensitive', 'Not sensitive (report to QA)', () => runFix('notSensitive')],
  ];
  for (const [id, title, run] of commands)
    workbench.commands.register({ id, title, category: 'Data guard', when: 'guardProblems', run }, signal);

  // Copying ticket text that holds findings: masked or blocked on the clipboard, where the policy says so. (A copy
  // event a script made touches no clipboard — its clipboardData is its own — so `listen` rightly ignores it: the
  // audit records what the agent copied, not what a page pretended to.)
  listen(
    document,
    'copy',
    (event) => {
      const current = policy();
      if (!current.guard?.copy || ui.contains(event)) return;
      const text = document.getSelection()?.toString() ?? '';
      if (!text.trim()) return;
      const findings = customers
        .markOwnDetails(text, evaluate(text, current))
        .filter((finding) => !exempt(text, finding));
      if (findings.length === 0) return;
      const clipboard = (event as ClipboardEvent).clipboardData;
      event.preventDefault();
      const blocked = findings.some((f) => f.action === 'block');
      clipboard?.setData('text/plain', blocked ? '' : mask(text, findings, current));
      record(
        findings.map((finding) => ({
          action: blocked ? 'blocked' : 'masked',
          finding,
          value: text.slice(finding.start, finding.end),
        })),
      );
      workbench.statusBar.set(
        {
          id: 'guard-copy',
          text: blocked ? '⛔ Copy blocked' : `Copied with ${findings.length} value(s) masked`,
          tooltip: `The client's policy guards copying: ${[...new Set(findings.map((f) => f.type))].join(', ')}`,
          alignment: 'left',
          priority: 49,
          severity: blocked ? 'error' : 'warning',
        },
        signal,
      );
      setTimeout(() => workbench.statusBar.remove('guard-copy'), 5000);
    },
    { capture: true },
  );
}

function sameUnderlines(a: readonly UnderlineBox[], b: readonly UnderlineBox[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.key !== y.key ||
      x.left !== y.left ||
      x.top !== y.top ||
      x.width !== y.width ||
      x.action !== y.action ||
      x.readOnly !== y.readOnly
    )
      return false;
  }
  return true;
}

/** The findings as the Problems view lists them (no values), with their line numbers, in one pass per text. */
function withLines(located: readonly Located[]) {
  const out = [];
  let text = '';
  let line = 1;
  let at = 0;
  // In the order given: each text's findings come sorted by start.
  for (const { finding, source, text: own } of located) {
    if (own !== text || finding.start < at) {
      text = own;
      line = 1;
      at = 0;
    }
    for (
      let index = text.indexOf('\n', at);
      index !== -1 && index < finding.start;
      index = text.indexOf('\n', index + 1)
    ) {
      line++;
      at = index + 1;
    }
    out.push({
      type: finding.type,
      action: finding.action,
      source,
      start: finding.start,
      end: finding.end,
      line,
    });
  }
  return out;
}
