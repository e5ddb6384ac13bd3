/**
 * Putting a prepared answer into the helpdesk's editor with `insertText` (the editor's model updates; one Ctrl+Z
 * undoes it), then selecting its first tab stop. Tab moves to the next stop, as in a code editor's snippet;
 * Escape, clicking elsewhere or the last stop ends the session.
 */
import {
  buildTextMap,
  type InsertResult,
  insertText,
  readText,
  selectionSpan,
  type TextSpan,
} from '../editing/index.ts';
import { listenAgent } from '../runtime/agent-events.ts';
import type { PreparedAnswer } from './template.ts';

export interface InsertedAnswer {
  result: InsertResult;
  /** Where the answer landed, in the editor's plain-text offsets. */
  span?: TextSpan;
}

function select(el: Element, span: TextSpan): void {
  if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') {
    (el as HTMLTextAreaElement).setSelectionRange(span.start, span.end);
    return;
  }
  const range = buildTextMap(el).rangeFor(span.start, span.end);
  el.ownerDocument
    .getSelection()
    ?.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
}

export async function insertAnswer(
  el: Element,
  answer: PreparedAnswer,
  options: { at?: TextSpan; signal?: AbortSignal } = {},
): Promise<InsertedAnswer> {
  const lengthBefore = readText(el).length;
  const where = options.at ?? selectionSpan(el) ?? { start: lengthBefore, end: lengthBefore };
  const result = await insertText(el, answer.text, {
    ...(answer.html ? { html: answer.html } : {}),
    ...(options.at ? { at: options.at } : {}),
  });
  if (!result.ok) return { result };
  const start = where.start;
  const span = { start, end: start + answer.text.length };
  const stops = answer.tabStops
    .map((stop) => stop.ranges[0])
    .filter((range): range is TextSpan => range !== undefined);
  if (stops.length > 0) startTabSession(el, start, stops, answer.finalCursor, options.signal);
  return { result, span };
}

/** Tab walks the stops; an edit inside a stop shifts the ones after it by the change in length. */
function startTabSession(
  el: Element,
  base: number,
  stops: TextSpan[],
  finalCursor: number,
  signal: AbortSignal | undefined,
): void {
  let index = 0;
  let lengthAtSelect = readText(el).length;
  let shift = 0;
  const stopAt = (i: number) => {
    const stop = stops[i]!;
    return { start: base + stop.start + shift, end: base + stop.end + shift };
  };
  try {
    select(el, stopAt(0));
  } catch {
    return;
  }
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const doc = el.ownerDocument;
  // The agent's keys and clicks only: a page-made Tab must not move the selection, nor a page-made click end it.
  listenAgent<KeyboardEvent>(
    doc,
    'keydown',
    (event) => {
      if (!el.contains(event.target as Node) && event.target !== el) return;
      if (event.key === 'Escape') return controller.abort();
      if (event.key !== 'Tab' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
      event.preventDefault();
      event.stopPropagation();
      shift += readText(el).length - lengthAtSelect;
      index++;
      try {
        if (index < stops.length) {
          select(el, stopAt(index));
          lengthAtSelect = readText(el).length;
        } else {
          const at = base + finalCursor + shift;
          select(el, { start: at, end: at });
          controller.abort();
        }
      } catch {
        controller.abort();
      }
    },
    { capture: true, signal: controller.signal },
  );
  listenAgent(doc, 'mousedown', () => controller.abort(), { signal: controller.signal });
}
