/**
 * The scanning glue between the page and the layer: it re-scans the composer incrementally on input (once per
 * animation frame, however fast the agent types), scans the customer's messages when the conversation changes,
 * and turns findings into underline boxes with `buildTextMap` + `Range.getClientRects()`, again on scroll and
 * resize. Only underlines inside the viewport (and inside the composer's visible box) are drawn. It also knows
 * which finding is under the pointer or the caret, for the problem card.
 */
import { type EvaluatedFinding, evaluate, type RedactionPolicy } from '../../core/pii/index.ts';
import { commonPrefixLength } from '../../core/text-diff.ts';
import { buildTextMap, isLive, readText, selectionSpan, type TextMap } from '../editing/index.ts';
import { composerFor, isShown } from '../runtime/composer.ts';
import { frameOffset, intersection } from '../runtime/frames.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import { firstMatch } from '../sites/query.ts';
import {
  type ConversationShape,
  conversationShape,
  readMessages,
  sameConversationShape,
} from '../sites/read.ts';
import { ComposerScanner } from './composer-scanner.ts';
import type { UnderlineBox } from './layer.tsx';
import { TextControlMirror } from './mirror.ts';
import { timed } from './timing.ts';

export interface Located {
  finding: EvaluatedFinding;
  text: string;
  source: 'composer' | 'message';
  /** The finding's rectangles in viewport coordinates (empty when out of view). */
  rects: DOMRect[];
}

export interface GuardViewOptions {
  site: SiteAdapter;
  policy(): RedactionPolicy;
  /** Findings the agent allowed once or reported as not sensitive, in this page. */
  exempt(text: string, finding: EvaluatedFinding): boolean;
  /** Called after each frame that changed something. */
  onUpdate(state: GuardViewState): void;
  /** The composer's findings as the guard shows them (the session marks another customer's values). */
  refine?(text: string, findings: readonly EvaluatedFinding[]): readonly EvaluatedFinding[];
  /**
   * Scans the customer's messages elsewhere (the worker), so a long thread's first scan does not hold the page's
   * main thread; undefined, or a failed answer, scans them here.
   */
  scanElsewhere?(texts: string[]): Promise<EvaluatedFinding[][]>;
  /**
   * The customer's messages were read again (their texts and findings); `elsewhere`: the worker scanned the new
   * ones (and so already knows them).
   */
  messagesRead?(
    messages: ReadonlyArray<{ text: string; findings: readonly EvaluatedFinding[] }>,
    elsewhere: boolean,
  ): void;
  doc?: Document;
  /** Where to keep the hidden mirror that measures text in a textarea or input (our shadow root). */
  mirrorParent?: ParentNode & Node;
}

export interface GuardViewState {
  underlines: UnderlineBox[];
  composer: Located[];
  messages: Located[];
}

interface MessageScan {
  element: Element;
  /** The element's textContent when scanned: unchanged means the scan (and its map) still hold. */
  raw: string;
  text: string;
  map: TextMap;
  findings: EvaluatedFinding[];
  /** Being scanned elsewhere (no findings yet). */
  pending?: boolean;
}

export class GuardView {
  private readonly doc: Document;
  private frame = 0;
  private textDirty = true;
  /** Look for the composer again at the next frame (the text changed: focus may have moved to another editor). */
  private composerStale = true;
  /**
   * The page changed elsewhere: keep the composer found if it is still on the page and shown. Looking for it again
   * on every mutation batch (a layout and a query of every editable surface) was most of what a helpdesk's constant
   * small changes cost; a better editor appearing hides the one found (CKEditor replacing its textarea) or is where
   * the agent types (`edited`), and either makes it look again.
   */
  private composerUnsure = false;
  private messagesDirty = true;
  private scanner: ComposerScanner | undefined;
  private composerEl: Element | undefined;
  private composerMap: TextMap | undefined;
  private composerText = '';
  private composerFindings: EvaluatedFinding[] = [];
  private messageScans: MessageScan[] = [];
  private messagePolicy: RedactionPolicy | undefined;
  private messageShape: ConversationShape | undefined;
  private mirror: TextControlMirror | undefined;
  /** The composer's last placement: its text, where the composer was, and each finding's rects then. */
  private composerRects: { text: string; where: string; rects: Map<string, DOMRect[]> } | undefined;
  /** Watches the composer itself (see watchComposer); aborted when the composer changes or on dispose. */
  private composerWatch: AbortController | undefined;
  state: GuardViewState = { underlines: [], composer: [], messages: [] };

  constructor(private readonly options: GuardViewOptions) {
    this.doc = options.doc ?? document;
  }

  /** The composer's text changed (input, an edit of ours). */
  edited(): void {
    this.textDirty = true;
    this.composerStale = true;
    this.schedule();
  }

  /** The page changed (mutation records from the shared DOM watcher). */
  mutated(records: readonly MutationRecord[]): void {
    timed('mutation', () => this.sortMutations(records));
  }

  private sortMutations(records: readonly MutationRecord[]): void {
    const composer = this.composerEl && isLive(this.composerEl) ? this.composerEl : undefined;
    let inComposer = false;
    let elsewhere = false;
    for (const record of records) {
      // Our own host's changes are ours.
      if ((record.target as Element).id === 'deskmate-root') continue;
      // The editor changed its content without an input event (a paste it handled, an insertion by the app).
      if (composer?.contains(record.target)) inComposer = true;
      else elsewhere = true;
    }
    if (elsewhere) this.pageChanged();
    else if (inComposer) this.edited();
  }

  /** The conversation or the page changed. */
  pageChanged(): void {
    this.messagesDirty = true;
    this.composerUnsure = true;
    // A rich composer's own edits reach us through its observer (watchComposer) and a new composer element through
    // scanComposer, so a change elsewhere on the page need not re-read it. A text field's value can be set by the
    // app without any event (cleared after sending), so that one is re-read — it is cheap.
    const composer = this.composerEl;
    if (!composer || composer.tagName === 'TEXTAREA' || composer.tagName === 'INPUT') this.textDirty = true;
    this.schedule();
  }

  /** Only positions changed (scroll, resize). */
  moved(): void {
    this.schedule();
  }

  schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.animationFrame());
  }

  /**
   * A frame: scan what changed, then place the underlines. After an edit the page's layout is dirty, and measuring
   * ranges in this callback would force the browser to lay the page out here, before its own rendering step (half
   * of a keystroke's cost in a long reply): so after an edit the underlines are placed in a task right after the
   * frame has been rendered, when measuring is cheap (they follow the text one frame later). After a scroll or a
   * resize nothing needs laying out again: they are placed at once, so they move with the text.
   */
  private animationFrame(): void {
    const edited = this.textDirty || this.messagesDirty;
    if (!edited && !this.placing) {
      this.run();
      return;
    }
    timed('frame', () => this.scanAll());
    if (this.placing) return;
    this.placing = setTimeout(() => {
      this.placing = undefined;
      timed('place', () => this.placeAll());
    }, 0);
  }

  private placing: ReturnType<typeof setTimeout> | undefined;

  dispose(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.placing);
    this.frame = 0;
    this.mirror?.dispose();
    this.composerWatch?.abort();
  }

  /** The composer (runtime/composer.ts): the one pipeline every feature asks. */
  composer(): Element | undefined {
    return composerFor(this.options.site, this.doc)?.editable;
  }

  /** Runs a frame now (tests, and before a quick fix that needs current offsets). */
  run(): GuardViewState {
    return timed('frame', () => this.frameWork());
  }

  private frameWork(): GuardViewState {
    clearTimeout(this.placing);
    this.placing = undefined;
    this.scanAll();
    return this.placeAll();
  }

  private scanAll(): void {
    this.frame = 0;
    const policy = this.options.policy();
    this.scanComposer(policy);
    if (this.messagesDirty || this.messagePolicy !== policy) this.scanMessages(policy);
  }

  private placeAll(): GuardViewState {
    this.state = this.layout();
    this.options.onUpdate(this.state);
    return this.state;
  }

  private scanComposer(policy: RedactionPolicy): void {
    // Only a scroll or a resize since the last frame, or an edit where the caret still is: the composer is the one
    // found then, if still there. (Looking for it again on every keystroke of a long reply was a tenth of its cost.)
    const kept = this.composerEl;
    const keep =
      kept &&
      (!this.composerStale || holdsFocus(kept)) &&
      isLive(kept) &&
      (!this.composerUnsure || isShown(kept));
    const composer = keep ? kept : this.composer();
    this.composerStale = false;
    this.composerUnsure = false;
    if (composer !== this.composerEl) {
      this.composerEl = composer;
      this.textDirty = true;
      this.watchComposer(composer);
    }
    if (!composer) {
      this.composerMap = undefined;
      this.composerText = '';
      this.composerFindings = [];
      return;
    }
    if (this.scanner && this.scanner.policy !== policy) {
      this.scanner = undefined;
      this.textDirty = true;
    }
    if (!this.textDirty) return;
    this.textDirty = false;
    const textControl = composer.tagName === 'TEXTAREA' || composer.tagName === 'INPUT';
    this.composerMap = textControl ? undefined : buildTextMap(composer);
    const text = this.composerMap?.text ?? readText(composer);
    // An empty reply (every page's start): nothing to scan, and the engine need not be set up yet.
    if (!this.scanner && !text.trim()) {
      this.composerText = text;
      this.composerFindings = [];
      return;
    }
    this.scanner ??= new ComposerScanner(policy);
    const findings = this.scanner.update(text, () => this.edited());
    // A large change is being scanned in slices: keep what was shown, at its old offsets, until it is done.
    if (!findings) {
      this.textDirty = true;
      this.composerFindings = this.composerFindings.filter((finding) => finding.end <= text.length);
      this.composerText = text;
      return;
    }
    this.composerText = text;
    const refine = this.options.refine;
    const refined = refine ? timed('customers', () => refine(text, findings)) : findings;
    this.composerFindings = refined.filter((finding) => !this.options.exempt(text, finding));
  }

  /**
   * Edits and scrolls the page-wide listeners (session.ts: `input` and `scroll` on the document, the DOM watcher's
   * childList observer) do not see:
   * - an editor that handles `beforeinput` itself and then changes a text node's data (CKEditor 5 and Lexical on
   *   Backspace): no `input` event and no childList mutation, only characterData, so the card stayed underlined
   *   after it was deleted;
   * - a composer in a same-origin iframe (TinyMCE): its events and mutations stay in the frame's document, so
   *   typing, deleting and scrolling inside the frame were not noticed at all.
   * So the composer itself is observed (text included), and a composer in a frame also gets its document's input
   * and scroll and its window's resize. Cheap: one observer on the composer's subtree only.
   */
  private watchComposer(composer: Element | undefined): void {
    this.composerWatch?.abort();
    this.composerWatch = undefined;
    if (!composer) return;
    const watch = new AbortController();
    this.composerWatch = watch;
    const observer = new MutationObserver(() => this.edited());
    observer.observe(composer, { childList: true, subtree: true, characterData: true });
    watch.signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    const doc = composer.ownerDocument;
    if (doc === this.doc || !doc.defaultView) return;
    const options = { capture: true, passive: true, signal: watch.signal };
    // Any event, the page's too: these only make us look again (a rescan, a new position), never act.
    doc.addEventListener('input', () => this.edited(), options);
    doc.addEventListener('scroll', () => this.moved(), options);
    doc.defaultView.addEventListener('resize', () => this.moved(), options);
  }

  /** True while a large change is being scanned in slices. */
  get scanning(): boolean {
    return this.scanner?.busy ?? false;
  }

  private scanMessages(policy: RedactionPolicy): void {
    this.messagesDirty = false;
    const samePolicy = this.messagePolicy === policy;
    this.messagePolicy = policy;
    // Most page changes leave the conversation as it was (same messages, the last one unchanged): keep every scan
    // without reading 200 messages' roles again.
    const shape = conversationShape(this.options.site, this.doc);
    const sameShape = this.messageShape !== undefined && sameConversationShape(shape, this.messageShape);
    this.messageShape = shape;
    if (samePolicy && sameShape && this.messageScans.every((scan) => isLive(scan.element))) return;
    const previous = new Map(this.messageScans.map((scan) => [scan.element, scan]));
    this.messageScans = [];
    for (const message of readMessages(this.options.site, this.doc)) {
      if (message.role !== 'customer') continue;
      const body =
        firstMatch(message.element, this.options.site.selectors.messageBody)?.element ?? message.element;
      const raw = body.textContent ?? '';
      const before = previous.get(body);
      // Most page changes leave the messages alone: reuse their scan while the text and its nodes are the same.
      if (
        before &&
        samePolicy &&
        before.raw === raw &&
        before.map.rangeFor(0, 0).startContainer.isConnected
      ) {
        this.messageScans.push(before);
        continue;
      }
      const map = buildTextMap(body);
      const elsewhere = this.options.scanElsewhere !== undefined;
      this.messageScans.push({
        element: body,
        raw,
        text: map.text,
        map,
        findings: elsewhere ? [] : evaluate(map.text, policy),
        ...(elsewhere ? { pending: true } : {}),
      });
    }
    const pending = this.messageScans.filter((scan) => scan.pending);
    if (pending.length) this.scanPendingElsewhere(pending, policy);
    else this.options.messagesRead?.(this.messageScans, false);
  }

  /** Asks for the pending messages' findings; on an answer (or here, if none comes) shows them. */
  private scanPendingElsewhere(pending: MessageScan[], policy: RedactionPolicy): void {
    const settle = (findings: ReadonlyArray<EvaluatedFinding[] | undefined>) =>
      timed('messages', () => show(findings));
    const show = (findings: ReadonlyArray<EvaluatedFinding[] | undefined>) => {
      // The page moved on (another policy, the messages read again): this answer is for scans no longer shown.
      if (this.messagePolicy !== policy) return;
      const elsewhere = findings.length === pending.length;
      pending.forEach((scan, index) => {
        if (!scan.pending) return;
        scan.findings = findings[index] ?? evaluate(scan.text, policy);
        scan.pending = false;
      });
      if (this.messageScans.every((scan) => !scan.pending))
        this.options.messagesRead?.(this.messageScans, elsewhere);
      this.schedule();
    };
    this.options.scanElsewhere!(pending.map((scan) => scan.text)).then(
      (findings) => settle(findings.length === pending.length ? findings : []),
      // The worker is restarting or the extension reloaded: scan here after all.
      () => settle([]),
    );
  }

  private layout(): GuardViewState {
    const view = this.doc.defaultView ?? window;
    const viewport = { top: 0, left: 0, bottom: view.innerHeight, right: view.innerWidth };
    const underlines: UnderlineBox[] = [];
    const composer: Located[] = [];
    const messages: Located[] = [];
    const place = (
      map: TextMap | undefined,
      text: string,
      findings: readonly EvaluatedFinding[],
      element: Element,
      source: Located['source'],
      out: Located[],
    ) => {
      // A composer in a same-origin iframe measures in its frame's viewport: shift its rects into ours, and clip
      // them to the frames' visible boxes too.
      const frame = frameOffset(element, this.doc);
      const local = element.getBoundingClientRect();
      const clip = frame
        ? intersection(shift(local, frame.dx, frame.dy), frame.clip)
        : { top: local.top, left: local.left, bottom: local.bottom, right: local.right };
      const visible = intersects(clip, viewport);
      const ownView = element.ownerDocument.defaultView ?? view;
      // Which part of the text is in view: asked only when a finding must be measured (hit-testing the corners
      // costs more than the rest of a keystroke's placement).
      let span: { from: number; to: number } | undefined | null = null;
      const shownSpan = () => {
        if (span === null)
          span =
            map && visible
              ? visibleSpan(element.ownerDocument, map, local, {
                  top: 0,
                  left: 0,
                  bottom: ownView.innerHeight,
                  right: ownView.innerWidth,
                })
              : undefined;
        return span;
      };
      // The composer's rects of the last placement that still hold (see composerMemory); messages keep none.
      const memory =
        source === 'composer'
          ? this.composerMemory(map, text, findings, element, local, frame, viewport)
          : undefined;
      const kept = memory?.kept ?? [];
      // A few findings to measure (the paragraph being typed in): measuring them costs less than finding out
      // which part of the text is in view; many (after a scroll): only those in view are measured.
      let toMeasure = 0;
      for (let i = 0; i < findings.length; i++) if (!kept[i] && ++toMeasure > FEW_TO_MEASURE) break;
      if (toMeasure <= FEW_TO_MEASURE) span = undefined;
      for (const [i, finding] of findings.entries()) {
        const rects: DOMRect[] = [];
        const keptRects = kept[i];
        const shown = keptRects ? undefined : shownSpan();
        const inView =
          !keptRects && (shown ? finding.end >= shown.from && finding.start <= shown.to : visible);
        const measured = keptRects ?? (inView ? this.rectsOf(map, finding) : []);
        if (memory && (keptRects || inView)) memory.measuredNow.set(memory.ids[i]!, measured);
        const placed = frame ? measured.map((rect) => shift(rect, frame.dx, frame.dy)) : measured;
        if (placed.length) {
          for (const rect of placed) {
            if (rect.width === 0 || !intersects(rect, clip) || !intersects(rect, viewport)) continue;
            rects.push(rect);
            underlines.push({
              key: `${source}:${finding.start}:${underlines.length}`,
              left: Math.max(rect.left, clip.left),
              top: rect.bottom - 2,
              width: Math.min(rect.right, clip.right) - Math.max(rect.left, clip.left),
              action: finding.action,
              readOnly: source === 'message',
            });
          }
        }
        out.push({ finding, text, source, rects });
      }
      if (memory) this.composerRects = { text, where: memory.where, rects: memory.measuredNow };
    };
    const composerEl = this.composerEl;
    if (!composerEl || !this.composerFindings.length) this.composerRects = undefined;
    if (composerEl && this.composerFindings.length) {
      place(this.composerMap, this.composerText, this.composerFindings, composerEl, 'composer', composer);
    }
    for (const scan of this.messageScans) {
      if (!isLive(scan.element) || scan.findings.length === 0) continue;
      place(scan.map, scan.text, scan.findings, scan.element, 'message', messages);
    }
    return { underlines, composer, messages };
  }

  /**
   * The composer's rects of the last placement still hold for findings in paragraphs before the edit, while the
   * composer has not moved or scrolled: typing at the end of a long reply measures its last paragraph only.
   */
  private composerMemory(
    map: TextMap | undefined,
    text: string,
    findings: readonly EvaluatedFinding[],
    element: Element,
    local: DOMRect,
    frame: { dx: number; dy: number } | undefined,
    viewport: { right: number; bottom: number },
  ): {
    where: string;
    ids: string[];
    kept: Array<DOMRect[] | undefined>;
    measuredNow: Map<string, DOMRect[]>;
  } {
    const before = this.composerRects;
    // Not the composer's height: a reply that grows by a line (typing at its end) moves nothing above the edit.
    const where = `${local.left},${local.top},${local.width},${element.scrollTop},${element.scrollLeft},${frame?.dx},${frame?.dy},${viewport.right},${viewport.bottom}`;
    let stableUntil = before && before.where === where ? paragraphsKept(before.text, text) : 0;
    // Whatever else moved the text above the edit while the box stayed (a composer that centres its content, an
    // image loading above): the kept finding nearest the edit is measured again, and must not have moved. (Not
    // only when the reply's height changed: a centred reply in a fixed box keeps its heights while it moves.)
    if (stableUntil && before && !this.keptStillHolds(map, findings, stableUntil, before.rects))
      stableUntil = 0;
    const ids = findings.map(rectsKey);
    const kept = findings.map((finding, i) =>
      finding.end <= stableUntil ? before?.rects.get(ids[i]!) : undefined,
    );
    return { where, ids, kept, measuredNow: new Map() };
  }

  /** Whether the last finding before `until` is still where it was measured (see composerMemory). */
  private keptStillHolds(
    map: TextMap | undefined,
    findings: readonly EvaluatedFinding[],
    until: number,
    rects: ReadonlyMap<string, DOMRect[]>,
  ): boolean {
    let last: EvaluatedFinding | undefined;
    for (const finding of findings) if (finding.end <= until) last = finding;
    if (!last) return true;
    const before = rects.get(rectsKey(last));
    if (!before) return true;
    const now = this.rectsOf(map, last);
    return (
      now.length === before.length &&
      now.every(
        (rect, i) =>
          rect.left === before[i]!.left && rect.top === before[i]!.top && rect.width === before[i]!.width,
      )
    );
  }

  /** A finding's client rects: through the text map, or a mirror for a textarea or input. */
  private rectsOf(map: TextMap | undefined, finding: EvaluatedFinding): DOMRect[] {
    if (map) return [...map.rangeFor(finding.start, finding.end).getClientRects()];
    const field = this.composerEl;
    if (!this.options.mirrorParent || !field || (field.tagName !== 'TEXTAREA' && field.tagName !== 'INPUT'))
      return [];
    this.mirror ??= new TextControlMirror(this.options.mirrorParent);
    return this.mirror.rects(field as HTMLTextAreaElement, finding.start, finding.end);
  }

  /** The finding under a viewport point (a few pixels of slack below the text, where the underline is). */
  at(x: number, y: number): Located | undefined {
    for (const located of [...this.state.composer, ...this.state.messages]) {
      for (const rect of located.rects) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom + 4) return located;
      }
    }
    return undefined;
  }

  /** The composer finding at (or touching) the caret, else the nearest one. */
  atCaret(): Located | undefined {
    const composer = this.composer();
    if (!composer) return undefined;
    const span = selectionSpan(composer);
    if (!span) return this.state.composer[0];
    const distance = ({ finding }: Located) =>
      finding.start > span.end ? finding.start - span.end : Math.max(0, span.start - finding.end);
    let nearest: Located | undefined;
    for (const located of this.state.composer)
      if (!nearest || distance(located) < distance(nearest)) nearest = located;
    return nearest;
  }
}

/** What a finding's rects are kept under between placements. */
function rectsKey(finding: EvaluatedFinding): string {
  return `${finding.start}:${finding.end}:${finding.type}`;
}

/** Up to this many findings to measure are measured without asking which part of the text is in view. */
const FEW_TO_MEASURE = 4;

/** Whether the focus is in the element (an editor in a frame: in its own document). */
function holdsFocus(element: Element): boolean {
  const active = element.ownerDocument.activeElement;
  return !!active && (active === element || element.contains(active));
}

/**
 * Up to where the old text's layout still holds in the new one: the end of the last paragraph before the first
 * change (a change can rewrap, re-align or re-justify its own paragraph, never an earlier one).
 */
export function paragraphsKept(before: string, after: string): number {
  const same = commonPrefixLength(before, after);
  if (same === before.length && same === after.length) return same;
  return after.lastIndexOf('\n', same - 1) + 1;
}

function intersects(
  a: { top: number; left: number; bottom: number; right: number },
  b: { top: number; left: number; bottom: number; right: number },
): boolean {
  return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
}

function shift(rect: DOMRectReadOnly, dx: number, dy: number): DOMRect {
  return new DOMRect(rect.left + dx, rect.top + dy, rect.width, rect.height);
}

/** Characters either side of the visible span that are still placed (a line partly in view). */
const VISIBLE_SLACK = 400;

/**
 * The text offsets visible in the element (from the caret positions at its visible corners), so that only the
 * findings in view are placed; undefined when the browser cannot tell (then every finding is placed).
 */
function visibleSpan(
  doc: Document,
  map: TextMap,
  clip: { top: number; left: number; bottom: number; right: number },
  viewport: { top: number; left: number; bottom: number; right: number },
): { from: number; to: number } | undefined {
  if (map.text.length < 4 * VISIBLE_SLACK) return undefined;
  const caretAt = (doc as Document & { caretRangeFromPoint?(x: number, y: number): Range | null })
    .caretRangeFromPoint;
  if (!caretAt) return undefined;
  const top = Math.max(clip.top, viewport.top) + 1;
  const bottom = Math.min(clip.bottom, viewport.bottom) - 1;
  const left = Math.max(clip.left, viewport.left) + 1;
  const right = Math.min(clip.right, viewport.right) - 1;
  const first = caretAt.call(doc, left, top);
  const last = caretAt.call(doc, right, bottom);
  if (!first || !last) return undefined;
  const from = map.domPositionToTextOffset(first.startContainer, first.startOffset);
  const to = map.domPositionToTextOffset(last.startContainer, last.startOffset);
  if (to < from) return undefined;
  return { from: Math.max(0, from - VISIBLE_SLACK), to: to + VISIBLE_SLACK };
}
