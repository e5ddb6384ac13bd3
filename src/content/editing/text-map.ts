/**
 * The plain text of an editable and a two-way mapping between offsets in that text and DOM positions.
 *
 * The data guard scans `text`, draws its underlines from `rangeFor(start, end).getClientRects()` and masks through
 * `replaceText`, which selects `rangeFor(start, end)`; insertion verifies itself by reading the text back. One
 * mapping serves all three so an offset means the same thing everywhere.
 *
 * How rich editors' DOM becomes text:
 * - block elements (paragraphs, list items, divs …) are separated by one '\n', however deeply they nest;
 * - `<br>` is a '\n', except the placeholder `<br>` editors put at the end of a block so an empty line has height
 *   (ProseMirror's `ProseMirror-trailingBreak`, Draft's `data-text`, Quill's `<p><br></p>`);
 * - zero-width fillers editors keep around the caret (CKEditor's U+2060 run, Slate's and Lexical's U+FEFF /
 *   U+200B) are left out when they sit at the edge of a text node, which is where editors put them;
 * - `contenteditable="false"` islands (mentions, chips) keep their text, hidden elements (`<script>`, `<style>`,
 *   `<template>`) contribute nothing.
 */

/** A caret position in the DOM, as `Range.setStart` takes it. */
export interface DomPosition {
  node: Node;
  offset: number;
}

export interface TextMap {
  /** The editable's plain text. */
  readonly text: string;
  /** The DOM position of a plain-text offset (clamped to the text). */
  textOffsetToDomPosition(offset: number): DomPosition;
  /** The plain-text offset of a DOM position inside the editable (positions outside clamp to 0 or the end). */
  domPositionToTextOffset(node: Node, offset: number): number;
  /** A DOM range covering plain-text offsets [start, end), e.g. for `getClientRects()` or to select it. */
  rangeFor(start: number, end: number): Range;
}

/** A run of the output text that comes from (part of) one DOM text node. */
interface TextSegment {
  kind: 'text';
  node: Text;
  /** Offsets into `node.data` of the part that made it into the text (fillers at the edges are left out). */
  domStart: number;
  domEnd: number;
  textStart: number;
  textEnd: number;
}

/** A `<br>`: the caret position just before it, at the text offset where it stands. */
interface BreakSegment {
  kind: 'break';
  parent: Node;
  index: number;
  textStart: number;
  textEnd: number;
}

type Segment = TextSegment | BreakSegment;

const ZERO_WIDTH = /^[\u200b\u2060\ufeff]+|[\u200b\u2060\ufeff]+$/g;
const SKIPPED_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
const BLOCK_ELEMENTS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

export function isTextControl(el: Element): el is HTMLTextAreaElement | HTMLInputElement {
  return el.tagName === 'TEXTAREA' || el.tagName === 'INPUT';
}

/** The plain text of an editable: a textarea's or input's value, or a contenteditable's rendered text. */
export function readText(el: Element): string {
  return isTextControl(el) ? el.value : buildTextMap(el).text;
}

/** Walks a contenteditable once and returns its text with the offset ↔ DOM mapping. */
export function buildTextMap(root: Element): TextMap {
  const segments: Segment[] = [];
  let text = '';
  // A block boundary only becomes a '\n' once content follows it, so nested and empty blocks never pile up.
  let pendingBreak = false;
  // Whether any line has begun: an empty first paragraph is a line too, though it adds no text.
  let started = false;

  const flushBreak = (): void => {
    if (pendingBreak && started) text += '\n';
    pendingBreak = false;
    started = true;
  };

  const visit = (node: Node): void => {
    if (node.nodeType === 3) {
      const data = (node as Text).data;
      const trimmed = data.replace(ZERO_WIDTH, '');
      if (trimmed.length === 0) return;
      flushBreak();
      const domStart = data.indexOf(trimmed);
      segments.push({
        kind: 'text',
        node: node as Text,
        domStart,
        domEnd: domStart + trimmed.length,
        textStart: text.length,
        textEnd: text.length + trimmed.length,
      });
      text += trimmed;
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (SKIPPED_ELEMENTS.has(element.tagName)) return;
    if (element.tagName === 'BR') {
      flushBreak();
      const parent = element.parentNode!;
      const index = Array.prototype.indexOf.call(parent.childNodes, element);
      const placeholder = isLastInBlock(element, root);
      segments.push({ kind: 'break', parent, index, textStart: text.length, textEnd: text.length });
      if (!placeholder) text += '\n';
      return;
    }
    const block = BLOCK_ELEMENTS.has(element.tagName);
    if (block) pendingBreak = true;
    for (let child = element.firstChild; child; child = child.nextSibling) visit(child);
    if (block) pendingBreak = true;
  };

  for (let child = root.firstChild; child; child = child.nextSibling) visit(child);
  return createTextMap(root, text, segments);
}

/** A `<br>` with no text after it in its block only gives an empty line its height: it is not a line break. */
function isLastInBlock(br: Element, root: Element): boolean {
  for (let node: Node | null = br; node && node !== root; node = node.parentNode) {
    for (let next = node.nextSibling; next; next = next.nextSibling) {
      if (next.nodeType === 3 && (next as Text).data.replace(ZERO_WIDTH, '').length > 0) return false;
      if (next.nodeType === 1) {
        const element = next as Element;
        if (BLOCK_ELEMENTS.has(element.tagName)) return true;
        if (element.tagName === 'BR' || (element.textContent ?? '').replace(ZERO_WIDTH, '').length > 0)
          return false;
      }
    }
    if (
      node.parentNode &&
      node.parentNode.nodeType === 1 &&
      BLOCK_ELEMENTS.has((node.parentNode as Element).tagName)
    ) {
      return true;
    }
  }
  return true;
}

function createTextMap(root: Element, text: string, segments: Segment[]): TextMap {
  const textOffsetToDomPosition = (offset: number): DomPosition => {
    const at = Math.max(0, Math.min(offset, text.length));
    // The first segment that holds the offset: at a block boundary the offset before the '\n' ends the previous
    // line and the offset after it starts the next, as a caret would.
    const segment = firstEndingAtOrAfter(segments, at);
    if (segment?.kind === 'text')
      return { node: segment.node, offset: segment.domStart + (at - segment.textStart) };
    if (segment?.kind === 'break') return { node: segment.parent, offset: segment.index };
    // An offset on a '\n' with no segment ending there (cannot happen for offsets produced by `text`) or an empty
    // editable: the end of the last segment, or the start of the editable.
    const last = segments.at(-1);
    if (last?.kind === 'text') return { node: last.node, offset: last.domEnd };
    if (last?.kind === 'break') return { node: last.parent, offset: last.index };
    return { node: root, offset: 0 };
  };

  const domPositionToTextOffset = (node: Node, offset: number): number => {
    const doc = root.ownerDocument;
    const probe = doc.createRange();
    probe.setStart(node, offset);
    let result = 0;
    for (const segment of segments) {
      if (segment.kind === 'text' && segment.node === node) {
        return (
          segment.textStart +
          Math.max(0, Math.min(offset - segment.domStart, segment.textEnd - segment.textStart))
        );
      }
      const [startNode, startOffset] =
        segment.kind === 'text' ? [segment.node, segment.domStart] : [segment.parent, segment.index];
      // comparePoint: -1 when the segment starts before the probe position.
      if (probe.comparePoint(startNode, startOffset) > 0) break;
      result = segment.textEnd;
    }
    return result;
  };

  const rangeFor = (start: number, end: number): Range => {
    const [from, to] = start <= end ? [start, end] : [end, start];
    const range = root.ownerDocument.createRange();
    const startPosition = textOffsetToDomPosition(from);
    const endPosition = textOffsetToDomPosition(to);
    range.setStart(startPosition.node, startPosition.offset);
    range.setEnd(endPosition.node, endPosition.offset);
    return range;
  };

  return { text, textOffsetToDomPosition, domPositionToTextOffset, rangeFor };
}

/** The first segment whose text ends at or after `offset` (segments are in text order): a binary search. */
function firstEndingAtOrAfter(segments: readonly Segment[], offset: number): Segment | undefined {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (segments[middle]!.textEnd < offset) low = middle + 1;
    else high = middle;
  }
  return segments[low];
}
