/**
 * Inserting text into the helpdesk's own editor so that its model updates and one Ctrl+Z undoes the insertion.
 *
 * Each editor kind has a list of strategies (see strategies.ts). After each one the editor's text is read back:
 * - the expected text is there → done;
 * - nothing changed → the editor ignored it, so the next strategy is safe to try;
 * - something else changed (half the lines, a duplicate) → stop: trying again would insert twice.
 */
import { detectEditor, type EditorKind } from './editor-kind.ts';
import {
  DELETE_STRATEGIES,
  linesToParagraphs,
  PASTE_LINES_AS_PARAGRAPHS,
  type Payload,
  runStrategy,
  STRATEGIES,
  type StrategyName,
} from './strategies.ts';
import { buildTextMap, isTextControl, readText } from './text-map.ts';

/** Plain-text offsets into `readText(el)`, start ≤ end. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface InsertOptions {
  /** Rich version of `text` for editors that take HTML (its text content should equal `text`). */
  html?: string;
  /**
   * Where the text goes, in plain-text offsets: replaces [start, end). Without it the text goes at the editor's
   * current selection, or at the end when the selection is elsewhere (e.g. in Deskmate's palette).
   */
  at?: TextSpan;
  /** Overrides the strategies tried for this editor kind, in order (a site adapter that knows better; tests). */
  strategies?: readonly StrategyName[];
}

export type InsertProblem = 'empty-text' | 'not-inserted' | 'unexpected-change';

export interface InsertResult {
  ok: boolean;
  kind: EditorKind;
  /** The strategy that put the text in (when ok). */
  strategy?: StrategyName;
  /** Every strategy tried, in order. */
  tried: StrategyName[];
  /** Why it failed; never contains the inserted text, which may be sensitive. */
  problem?: InsertProblem;
  message?: string;
}

/**
 * Inserts `text` into the editable `el` (see `findEditable`) with the strategy its editor kind accepts. Empty text
 * deletes the selection (or `at`) instead, with the editor's delete strategies.
 */
export async function insertText(
  el: Element,
  text: string,
  options: InsertOptions = {},
): Promise<InsertResult> {
  const kind = detectEditor(el);
  const tried: StrategyName[] = [];
  // A single-line field drops line breaks; make them spaces so the words do not run together.
  const payload: Payload = {
    text: kind === 'input' ? text.replace(/\r?\n/g, ' ') : text,
    html: options.html,
    pasteHtml: options.html ?? (PASTE_LINES_AS_PARAGRAPHS.has(kind) ? linesToParagraphs(text) : undefined),
  };

  const focusMoved = !hasFocus(el);
  const selectionMoved = placeSelection(el, options.at);
  // Editors learn about a selection set from script through the asynchronous `selectionchange` event.
  if (selectionMoved) await settle(el);
  if (options.at) await keepSelection(el, options.at, focusMoved);
  const span = selectionSpan(el);
  // Empty text deletes the selection (the data guard's "Remove"); with nothing selected there is nothing to do.
  const deleting = text.length === 0;
  if (deleting && (!span || span.start === span.end)) {
    return {
      ok: false,
      kind,
      tried,
      problem: 'empty-text',
      message: 'Nothing to insert: the text is empty.',
    };
  }
  const before = readText(el);
  const expected = span ? before.slice(0, span.start) + payload.text + before.slice(span.end) : undefined;

  for (const strategy of options.strategies ?? (deleting ? DELETE_STRATEGIES : STRATEGIES)[kind]) {
    tried.push(strategy);
    try {
      runStrategy(strategy, kind, el, payload);
    } catch {
      // An API this browser lacks (e.g. a DataTransfer in an InputEvent): the text read-back decides what happened.
    }
    let after = await readTextSettled(el);
    // Some editors apply their model a little later (throttled handlers): look again before calling it ignored.
    if (after === before) after = await readTextSettled(el, 50);
    const outcome = judge(before, after, payload.text, expected);
    if (outcome === 'landed') return { ok: true, kind, strategy, tried };
    if (outcome === 'changed') {
      return {
        ok: false,
        kind,
        tried,
        problem: 'unexpected-change',
        message: `The ${kind} editor changed its text in an unexpected way after "${strategy}"; not retrying so the text is not inserted twice.`,
      };
    }
  }
  return {
    ok: false,
    kind,
    tried,
    problem: 'not-inserted',
    message: `The ${kind} editor ignored every strategy tried (${tried.join(', ')}).`,
  };
}

/**
 * Replaces plain-text offsets [start, end) of the editor's text (as `readText` returns it) with `replacement`, by
 * selecting the range and inserting over it, so the editor records an ordinary edit (the data guard's "Mask"; an
 * empty replacement is its "Remove").
 */
export function replaceText(
  el: Element,
  start: number,
  end: number,
  replacement: string,
): Promise<InsertResult> {
  const length = readText(el).length;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= length)) {
    throw new RangeError(
      `replaceText: span [${start}, ${end}) is not within the editor's text (length ${length}).`,
    );
  }
  return insertText(el, replacement, { at: { start, end } });
}

/** The current selection inside `el` in plain-text offsets, or undefined when it is elsewhere. */
/**
 * The selection's range as seen from `el`. Inside a shadow root (Salesforce Lightning's rich-text editor, other
 * web components) the document's selection only shows the shadow host, so the range is asked of the shadow root
 * (`getComposedRanges`, or Chromium's `ShadowRoot.getSelection`).
 */
function selectedRange(
  el: Element,
): { startContainer: Node; startOffset: number; endContainer: Node; endOffset: number } | undefined {
  const selection = el.ownerDocument.getSelection();
  if (!selection) return undefined;
  const root = el.getRootNode();
  if (root instanceof el.ownerDocument.defaultView!.ShadowRoot) {
    const composed = (
      selection as Selection & { getComposedRanges?(options: { shadowRoots: ShadowRoot[] }): StaticRange[] }
    ).getComposedRanges?.({ shadowRoots: [root] });
    if (composed?.[0]) return composed[0];
    const inner = (root as ShadowRoot & { getSelection?(): Selection | null }).getSelection?.();
    if (inner && inner.rangeCount > 0) return inner.getRangeAt(0);
  }
  return selection.rangeCount > 0 ? selection.getRangeAt(0) : undefined;
}

export function selectionSpan(el: Element): TextSpan | undefined {
  if (isTextControl(el)) {
    if (el.selectionStart === null || el.selectionEnd === null) return undefined;
    return { start: el.selectionStart, end: el.selectionEnd };
  }
  const range = selectedRange(el);
  if (!range || !el.contains(range.startContainer) || !el.contains(range.endContainer)) return undefined;
  const map = buildTextMap(el);
  const start = map.domPositionToTextOffset(range.startContainer, range.startOffset);
  const end = map.domPositionToTextOffset(range.endContainer, range.endOffset);
  return { start: Math.min(start, end), end: Math.max(start, end) };
}

/**
 * Up to `max` characters of the text right before a collapsed caret in `el`, read from the caret's own text node
 * (a text field's value): what a keystroke handler needs to recognise something just typed, without reading a long
 * reply's whole text on every key. `whole` is false when the caret's node starts less than `max` characters before
 * the caret, where the text may go on in an earlier node (a mark, a link) — then read the reply if it matters.
 * Undefined when there is no collapsed caret in `el`.
 */
export function textBeforeCaret(el: Element, max: number): { text: string; whole: boolean } | undefined {
  if (isTextControl(el)) {
    const caret = el.selectionStart;
    if (caret === null || caret !== el.selectionEnd) return undefined;
    return { text: el.value.slice(Math.max(0, caret - max), caret), whole: true };
  }
  const range = selectedRange(el);
  if (!range || range.startContainer !== range.endContainer || range.startOffset !== range.endOffset)
    return undefined;
  const node = range.startContainer;
  if (!el.contains(node)) return undefined;
  if (node.nodeType !== Node.TEXT_NODE) return { text: '', whole: false };
  const data = (node as Text).data;
  const from = Math.max(0, range.startOffset - max);
  return { text: data.slice(from, range.startOffset), whole: from > 0 };
}

/**
 * Focuses `el` and puts the selection at `at` (or keeps a selection already inside it, or goes to the end).
 * Setting the selection from script also closes Chromium's open typing command, so the insertion becomes its own
 * native undo step instead of merging with what the agent just typed. Returns whether the selection moved.
 */
function placeSelection(el: Element, at: TextSpan | undefined): boolean {
  const frame = el.ownerDocument.defaultView?.frameElement as HTMLElement | null | undefined;
  frame?.focus({ preventScroll: true });
  if (isTextControl(el)) {
    const current = { start: el.selectionStart ?? el.value.length, end: el.selectionEnd ?? el.value.length };
    const wasFocused = el.ownerDocument.activeElement === el;
    el.focus({ preventScroll: true });
    const target = at ?? (wasFocused ? current : { start: el.value.length, end: el.value.length });
    el.setSelectionRange(target.start, target.end);
    return at !== undefined || !wasFocused;
  }
  const selection = el.ownerDocument.getSelection();
  const inside = selection && selection.rangeCount > 0 && el.contains(selection.getRangeAt(0).startContainer);
  const saved = inside ? selection.getRangeAt(0).cloneRange() : undefined;
  if (el.ownerDocument.activeElement !== el) (el as HTMLElement).focus({ preventScroll: true });
  if (!selection) return false;
  if (at) {
    const range = buildTextMap(el).rangeFor(at.start, at.end);
    selection.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    return true;
  }
  if (saved) {
    selection.setBaseAndExtent(saved.startContainer, saved.startOffset, saved.endContainer, saved.endOffset);
    return false;
  }
  const map = buildTextMap(el);
  const end = map.textOffsetToDomPosition(map.text.length);
  selection.setBaseAndExtent(end.node, end.offset, end.node, end.offset);
  return true;
}

/** Whether `el` has the focus, its frame included. */
function hasFocus(el: Element): boolean {
  const frame = el.ownerDocument.defaultView?.frameElement;
  if (frame && frame.ownerDocument.activeElement !== frame) return false;
  return el.ownerDocument.activeElement === el;
}

/**
 * Puts the selection back on `at` while the editor is still reacting to the focus it was given: some editors put
 * back their own remembered caret a moment after they hear of it (CKEditor 4.13 in Firefox, Request Tracker's, about
 * 100 ms later), and a mask meant for the card would land at the old caret instead. When the focus was already there,
 * one look is enough.
 */
async function keepSelection(el: Element, at: TextSpan, focusMoved: boolean): Promise<void> {
  const looks = focusMoved ? 4 : 1;
  for (let look = 0; look < looks; look++) {
    const span = selectionSpan(el);
    if (!span || span.start !== at.start || span.end !== at.end) {
      placeSelection(el, at);
      await settle(el);
    } else if (look < looks - 1) await settle(el, 50);
  }
}

type Outcome = 'landed' | 'unchanged' | 'changed';

/**
 * Compares the text before and after, ignoring what editors legitimately change in whitespace (paragraphs vs line
 * breaks, non-breaking spaces, zero-width fillers). Landed means: exactly the expected text, or — when the editor
 * also reformatted around it — one more occurrence of the inserted text than before.
 */
function judge(before: string, after: string, text: string, expected: string | undefined): Outcome {
  const a = normalize(after);
  const b = normalize(before);
  if (a === b) return 'unchanged';
  if (expected !== undefined && a === normalize(expected)) return 'landed';
  const needle = normalize(text);
  return needle.length > 0 && occurrences(a, needle) === occurrences(b, needle) + 1 ? 'landed' : 'changed';
}

export function normalize(text: string): string {
  return text
    .replace(/[\u200b\u2060\ufeff]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length))
    count++;
  return count;
}

async function readTextSettled(el: Element, extraMs = 0): Promise<string> {
  await settle(el, extraMs);
  return readText(el);
}

/** Lets the editor finish: its microtasks (Lexical, React), a task, and the next frame (or 50 ms when hidden). */
function settle(el: Element, extraMs = 0): Promise<void> {
  const view = el.ownerDocument.defaultView ?? window;
  return new Promise((done) => {
    view.setTimeout(() => {
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        view.setTimeout(done, extraMs);
      };
      view.requestAnimationFrame(finish);
      view.setTimeout(finish, 50);
    }, 0);
  });
}
