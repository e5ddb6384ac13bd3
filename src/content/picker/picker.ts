/**
 * The element picker, run in a helpdesk tab by Options › Sites ("Pick on the open tab"), like an ad blocker's: a
 * highlight follows the pointer, a click picks, Esc cancels; ↑ widens to the parent, ↓ narrows back, Enter picks
 * the highlighted element (so it works from the keyboard too). It answers with a robust selector
 * (./robust-selector.ts) and what that selector reads, masked. It also previews any selector list live.
 *
 * Built as its own classic script (`content/picker.js`, scripts/content-script.ts) that the options page runs
 * with `scripting.executeScript` only on a site Deskmate has access to (src/messaging/picker.ts). The overlay
 * lives in a closed shadow root on an element of its own, added for the pick and removed after it: the page's own
 * elements are never changed (no outline or class is put on them), and the page's scripts see no more than an
 * empty element while the admin picks. Clicks and keys while picking are the admin's (`isTrusted`) and stop here:
 * clicking the send button to pick it must not send anything.
 */
import { defaultPolicy } from '../../core/pii/policy/default-policy.ts';
import { redactForStorage } from '../../core/pii/policy/mask.ts';
import type { RedactionPolicy } from '../../core/pii/policy/schema.ts';
import { PER_MESSAGE_KEYS, type SelectorKey } from '../../core/settings/custom-site.ts';
import {
  type PagePicker,
  PICKER_KEY,
  type PickRequest,
  type PickResult,
  type PreviewRequest,
  type SelectorPreview,
} from '../../messaging/picker.ts';
import { firstMatch, queryAllDeep, queryDeep } from '../sites/query.ts';
import { readEmail, readTime } from '../sites/read.ts';
import { looksGenerated, robustSelector } from './robust-selector.ts';

const HOST_ID = 'deskmate-picker';
const PREVIEW_LENGTH = 120;

let policy: RedactionPolicy | undefined;
/** Text as Deskmate may show it: every built-in type masked (src/core/pii), folded and cut short. */
function masked(text: string): string {
  policy ??= defaultPolicy();
  const folded = text.replace(/\s+/g, ' ').trim();
  const short = folded.length > PREVIEW_LENGTH * 2 ? folded.slice(0, PREVIEW_LENGTH * 2) : folded;
  const safe = redactForStorage(short, policy);
  return safe.length > PREVIEW_LENGTH ? `${safe.slice(0, PREVIEW_LENGTH - 1)}…` : safe;
}

/** What an element is, for the preview and the overlay's label (no content, no generated names). */
function kindOf(element: Element): string {
  const id = element.getAttribute('id');
  const classes = [...element.classList].filter((name) => !looksGenerated(name)).slice(0, 2);
  return `${element.localName}${id && !looksGenerated(id) ? `#${id}` : ''}${classes.map((c) => `.${c}`).join('')}`;
}

function textOf(element: Element): string {
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) return element.value;
  return element.textContent ?? '';
}

/** The messages of the first variant that finds any. */
function messageElements(selectors: readonly string[] | undefined): Element[] {
  for (const selector of selectors ?? []) {
    const found = queryAllDeep(document, selector);
    if (found.length) return found;
  }
  return [];
}

/** What one element says for a field, masked (undefined for fields that are places, not values). */
function readingOf(
  field: SelectorKey,
  element: Element,
  selector: string,
  attribute?: string,
): string | undefined {
  switch (field) {
    case 'ticketView':
    case 'composer':
    case 'message':
      return undefined;
    case 'ticketId':
      return masked(attribute ? (element.getAttribute(attribute) ?? '') : textOf(element));
    case 'requesterEmail':
      return masked(readEmail(document, [selector]) ?? textOf(element));
    case 'createdAt':
    case 'messageTime': {
      const at = readTime(element);
      return at === null ? 'not a date' : new Date(at).toISOString();
    }
    case 'send':
      return masked(element instanceof HTMLInputElement ? element.value : (element.textContent ?? ''));
    default:
      return masked(textOf(element));
  }
}

export function previewSelectors(request: PreviewRequest): SelectorPreview {
  const { field, selectors } = request;
  if (PER_MESSAGE_KEYS.includes(field)) {
    const messages = messageElements(request.messages);
    for (let variant = 0; variant < selectors.length; variant++) {
      const found = messages
        .map((message) => queryDeep(message, selectors[variant]!))
        .filter((e): e is Element => e !== null);
      if (found.length)
        return {
          count: found.length,
          variant,
          kind: kindOf(found[0]!),
          ...optional('text', readingOf(field, found[0]!, selectors[variant]!, request.attribute)),
        };
    }
    return { count: 0, variant: null };
  }
  const match = firstMatch(document, selectors);
  if (!match) return { count: 0, variant: null };
  return {
    count: queryAllDeep(document, selectors[match.variant]!).length,
    variant: match.variant,
    kind: kindOf(match.element),
    ...optional('text', readingOf(field, match.element, selectors[match.variant]!, request.attribute)),
  };
}

const optional = <K extends string, T>(key: K, value: T | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, T>>;

/** The element a click means for a field: the editor's root for the composer, the button for send. */
function refine(field: SelectorKey, element: Element): Element {
  if (field === 'composer') {
    if (element.closest('textarea, input')) return element.closest('textarea, input')!;
    let root: Element = element;
    while (root.parentElement && (root.parentElement as HTMLElement).isContentEditable)
      root = root.parentElement;
    return root;
  }
  if (field === 'send')
    return (
      element.closest('button, [role="button"], input[type="submit"], input[type="button"], a[href]') ??
      element
    );
  return element;
}

/** The same-origin windows of the page: its own and its iframes' (their events do not reach the top window). */
function windowsOf(top: Window): Window[] {
  const out = [top];
  for (let i = 0; i < out.length; i++) {
    for (const frame of out[i]!.document.querySelectorAll('iframe, frame')) {
      try {
        const inner = (frame as HTMLIFrameElement).contentWindow;
        if (inner?.document) out.push(inner);
      } catch {
        // cross-origin: out of reach, as it must be
      }
    }
  }
  return out;
}

/** The element's box in the top window's viewport (adding the offsets of the frames it is in). */
function boxOf(element: Element): DOMRect {
  const rect = element.getBoundingClientRect();
  let x = rect.left;
  let y = rect.top;
  let view = element.ownerDocument.defaultView;
  while (view && view !== window) {
    const frame = view.frameElement;
    if (!frame) break;
    const outer = frame.getBoundingClientRect();
    x += outer.left + frame.clientLeft;
    y += outer.top + frame.clientTop;
    view = frame.ownerDocument.defaultView;
  }
  return new DOMRect(x, y, rect.width, rect.height);
}

const STYLE = `
  .box { position: fixed; box-sizing: border-box; border: 2px solid #2563eb; background: rgba(37, 99, 235, 0.12);
    border-radius: 3px; pointer-events: none; display: none; }
  .label { position: fixed; left: 12px; bottom: 12px; max-width: 70vw; padding: 8px 12px; border-radius: 6px;
    background: #1e293b; color: #f8fafc; font: 13px/1.4 system-ui, sans-serif; pointer-events: none;
    box-shadow: 0 4px 16px rgba(0,0,0,.3); }
  .label b { color: #93c5fd; font-weight: 600; }
  .label code { font: 12px ui-monospace, monospace; color: #fde68a; }
`;

interface Session {
  resolve(result: PickResult): void;
  stop(): void;
}
let session: Session | undefined;

function pick(request: PickRequest): Promise<PickResult> {
  session?.resolve({ status: 'cancelled' });
  return new Promise<PickResult>((resolve) => {
    document.getElementById(HOST_ID)?.remove();
    const host = document.createElement('div');
    host.id = HOST_ID;
    host.style.cssText =
      'all: initial; position: fixed; inset: 0; pointer-events: none; z-index: 2147483647;';
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const box = document.createElement('div');
    box.className = 'box';
    const label = document.createElement('div');
    label.className = 'label';
    label.setAttribute('role', 'status');
    shadow.append(style, box, label);
    document.documentElement.append(host);

    let current: Element | null = null;
    const narrower: Element[] = [];
    const say = (what?: string) => {
      label.replaceChildren();
      const title = document.createElement('b');
      title.textContent = `Deskmate: click the ${request.label}`;
      const hint = document.createElement('div');
      hint.textContent = 'Esc cancels · ↑ wider · ↓ narrower · Enter picks the highlighted element';
      label.append(title, hint);
      if (what) {
        const code = document.createElement('code');
        code.textContent = what;
        label.append(code);
      }
    };
    const highlight = (element: Element | null) => {
      current = element;
      if (!element) {
        box.style.display = 'none';
        say();
        return;
      }
      const rect = boxOf(element);
      Object.assign(box.style, {
        display: 'block',
        left: `${rect.left}px`,
        top: `${rect.top}px`,
        width: `${rect.width}px`,
        height: `${rect.height}px`,
      });
      say(kindOf(element));
    };
    say();

    const windows = windowsOf(window);
    const finish = (result: PickResult) => {
      stop();
      resolve(result);
    };
    const choose = (element: Element) => {
      try {
        const target = refine(request.field, element);
        let selector: string;
        if (PER_MESSAGE_KEYS.includes(request.field)) {
          const message = messageElements(request.messages).find((m) => m === target || m.contains(target));
          if (!message)
            return finish({
              status: 'failed',
              message:
                'Pick inside a message: Deskmate looks for it in the elements the "messages" selectors find.',
            });
          selector = robustSelector(target, { within: message });
        } else selector = robustSelector(target, { match: request.field === 'message' ? 'all' : 'one' });
        finish({
          status: 'picked',
          selector,
          preview: previewSelectors({
            field: request.field,
            selectors: [selector],
            messages: request.messages,
          }),
        });
      } catch (error) {
        finish({ status: 'failed', message: (error as Error).message });
      }
    };
    const targetOf = (event: Event): Element | null => {
      const first = event.composedPath()[0];
      if (!(first instanceof Element) && !(first && (first as Node).nodeType === 1)) return null;
      const element = first as Element;
      return element === host || element === document.documentElement ? null : element;
    };
    const onMove = (event: Event) => {
      if (!event.isTrusted) return;
      const target = targetOf(event);
      if (target && target !== current) {
        narrower.length = 0;
        highlight(target);
      }
    };
    const swallow = (event: Event) => {
      if (!event.isTrusted) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    const onClick = (event: Event) => {
      if (!event.isTrusted) return;
      swallow(event);
      const target = targetOf(event) ?? current;
      if (target) choose(target);
    };
    const onKey = (event: KeyboardEvent) => {
      if (!event.isTrusted) return;
      if (event.key === 'Escape') {
        swallow(event);
        finish({ status: 'cancelled' });
      } else if (
        event.key === 'ArrowUp' &&
        current?.parentElement &&
        current.parentElement !== current.ownerDocument.documentElement
      ) {
        swallow(event);
        narrower.push(current);
        highlight(current.parentElement);
      } else if (event.key === 'ArrowDown' && current) {
        swallow(event);
        highlight(narrower.pop() ?? current.firstElementChild ?? current);
      } else if (event.key === 'Enter' && current) {
        swallow(event);
        choose(current);
      }
    };
    const listeners: Array<[string, EventListener]> = [
      ['mousemove', onMove],
      ['mouseover', onMove],
      ['pointerdown', swallow],
      ['mousedown', swallow],
      ['pointerup', swallow],
      ['mouseup', swallow],
      ['auxclick', swallow],
      ['dblclick', swallow],
      ['submit', swallow],
      ['click', onClick],
      ['keydown', onKey as EventListener],
      ['keyup', swallow],
      ['keypress', swallow],
    ];
    for (const view of windows)
      for (const [type, listener] of listeners) view.addEventListener(type, listener, { capture: true });
    const onScroll = () => highlight(current);
    window.addEventListener('scroll', onScroll, { capture: true, passive: true });

    const stop = () => {
      for (const view of windows)
        for (const [type, listener] of listeners) view.removeEventListener(type, listener, { capture: true });
      window.removeEventListener('scroll', onScroll, { capture: true });
      host.remove();
      if (session === mine) session = undefined;
    };
    const mine: Session = { resolve: finish, stop };
    session = mine;
  });
}

const picker: PagePicker = {
  pick,
  preview: previewSelectors,
  cancel: () => session?.resolve({ status: 'cancelled' }),
};

// The options page runs this file again before each use: the latest copy answers.
(globalThis as unknown as Record<symbol, PagePicker>)[Symbol.for(PICKER_KEY)] = picker;
