/**
 * Where text sits inside a textarea or input, which have no DOM ranges over their value: a hidden mirror element
 * with the field's font, padding, border and wrapping holds the same text, and the mirror's ranges give the rects,
 * shifted by the field's position and scroll. One mirror per field, reused; it lives in our shadow root.
 */
const COPIED = [
  'boxSizing',
  'width',
  'fontFamily',
  'fontSize',
  'fontWeight',
  'fontStyle',
  'fontVariant',
  'fontStretch',
  'letterSpacing',
  'wordSpacing',
  'lineHeight',
  'textTransform',
  'textIndent',
  'tabSize',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'borderStyle',
  'direction',
] as const;

export class TextControlMirror {
  private readonly mirror: HTMLDivElement;
  private readonly node: Text;

  constructor(parent: ParentNode & Node) {
    const doc = parent.ownerDocument ?? document;
    this.mirror = doc.createElement('div');
    this.mirror.setAttribute('aria-hidden', 'true');
    this.node = doc.createTextNode('');
    this.mirror.append(this.node);
    parent.appendChild(this.mirror);
  }

  /** The viewport rects of [start, end) of the field's value. */
  rects(field: HTMLTextAreaElement | HTMLInputElement, start: number, end: number): DOMRect[] {
    const view = field.ownerDocument.defaultView ?? window;
    const style = view.getComputedStyle(field);
    const target = this.mirror.style;
    for (const property of COPIED) target[property] = style[property];
    const multiline = field.tagName === 'TEXTAREA';
    target.position = 'fixed';
    target.visibility = 'hidden';
    target.pointerEvents = 'none';
    target.overflow = 'hidden';
    target.borderColor = 'transparent';
    target.whiteSpace = multiline ? 'pre-wrap' : 'pre';
    target.overflowWrap = multiline ? 'break-word' : 'normal';
    // The field's content box, as wide as the field minus a scrollbar when it shows one.
    const box = field.getBoundingClientRect();
    target.width = `${multiline ? field.clientWidth + parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth) : box.width}px`;
    target.boxSizing = 'border-box';
    target.left = '0px';
    target.top = '0px';
    if (this.node.data !== field.value) this.node.data = field.value;
    const mirrorBox = this.mirror.getBoundingClientRect();
    const range = field.ownerDocument.createRange();
    range.setStart(this.node, Math.min(start, this.node.length));
    range.setEnd(this.node, Math.min(end, this.node.length));
    const dx = box.left - mirrorBox.left - field.scrollLeft;
    const dy = box.top - mirrorBox.top - field.scrollTop;
    return [...range.getClientRects()].map(
      (rect) => new DOMRect(rect.left + dx, rect.top + dy, rect.width, rect.height),
    );
  }

  dispose(): void {
    this.mirror.remove();
  }
}
