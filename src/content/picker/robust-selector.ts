/**
 * A robust selector for an element an admin picked on a helpdesk page (Options › Sites, "Pick on the open tab"),
 * as a site adapter's selectors are written by hand: stable hooks first, because the helpdesk's markup changes
 * and generated names change with every build.
 *
 * What is tried, in order, on the element and then anchored on a stable ancestor:
 *   1. its id, unless it looks generated (`ember1234`, `:r1:`, `react-select-3-input`, a UUID…);
 *   2. test hooks: `data-testid`, `data-test-id`, `data-qa`, `data-cy`…, then other `data-*` attributes;
 *   3. `name`; 4. `aria-label` and `role`; 5. short chains of classes that do not look generated or stateful;
 *   6. the tag; and, when nothing else is unique, a short `:nth-of-type` path from the nearest stable ancestor.
 * The result is checked: it finds the element (the first match, as the reader takes it) and, for a field that is
 * one element, nothing else. An element inside an open shadow root or a same-origin iframe gets one selector per
 * level joined by ` >>> ` (src/content/sites/adapter.ts), each robust in its own document or root.
 *
 * Selectors end up in settings, so a value that may be customer data is never put in one: attribute values with
 * an `@`, long digit runs or that look generated are skipped, and no text content is ever used.
 *
 * Pure DOM: no browser API, so it runs in tests on happy-dom.
 */
import { PIERCE } from '../sites/adapter.ts';
import { queryAllDeep } from '../sites/query.ts';

export interface RobustSelectorOptions {
  /**
   * `one` (default): a field that is one element (the composer, the subject); the selector matches it alone.
   * `all`: a field that is every element of a kind (each message); the selector matches it and its likes.
   */
  match?: 'one' | 'all';
  /**
   * A field read inside another element (a message's text, author or time): the selector is relative to
   * `within`, and finds the element as the first match there, and ideally in every other message too.
   */
  within?: Element;
  /** The frame element a document is shown in (default: its window's frameElement), for ` >>> ` into iframes. */
  frameOf?: (document: Document) => Element | null;
}

/** Test hooks apps put on elements for their own tests: the most stable thing a page has. */
const TEST_ATTRIBUTES = [
  'data-testid',
  'data-test-id',
  'data-test',
  'data-qa',
  'data-cy',
  'data-e2e',
  'data-automation-id',
  'data-automation',
  'data-hook',
];

/** Attributes never used: framework bookkeeping and anything that changes with state or holds content. */
const IGNORED_ATTRIBUTES =
  /^(data-(reactid|reactroot|v-[a-f0-9]+|ember-action|bind|state|value|original-title|title|content|id|uid|key|index|time|timestamp|date|hash|count|tooltip|html|text)|data-[a-z-]*-(id|time|count)$)/i;

/** Classes that say what state an element is in, not what it is. */
const STATE_CLASS =
  /^(active|selected|hover(ed)?|focus(ed|-visible)?|open(ed)?|closed|hidden|visible|show|shown|in|fade|disabled|enabled|checked|expanded|collapsed|current|empty|loading|loaded|dirty|pristine|valid|invalid|touched|untouched|odd|even|first|last|(is|has|was|js)-.+|ng-.+|cdk-.+|ui-state-.+)$/i;

/** Prefixes of ids and classes frameworks generate per render or per build. */
const GENERATED_PREFIX =
  /^(ember|ext-(gen|comp|element)|yui_|yiv|gwt-|mui-|Mui[A-Z]\w*-root-\d|radix-|headlessui-|rc-|react-select-|downshift-|jsx-|css-|sc-|emotion-|svelte-|tw-|vue-|v-|ng-tns-|mat-|_ngcontent|cdk-)/;

/**
 * Whether an id, class or attribute value looks generated (changes between builds or page loads) or may be
 * content (an e-mail address, a number): such tokens are never put in a selector.
 */
export function looksGenerated(token: string): boolean {
  if (token === '' || token.length > 48) return true;
  if (/^[0-9]/.test(token) || /\d{3,}/.test(token) || token.includes('@')) return true;
  if (/^:|:$/.test(token)) return true; // React's useId: `:r1:`, `«r2»`
  if (/[«»]/.test(token)) return true;
  if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}/i.test(token)) return true; // UUID
  if (/^[0-9a-f]{8,}$/i.test(token)) return true; // hex hash
  if (GENERATED_PREFIX.test(token)) return true;
  // CSS-module and styled-component hashes: a piece of 5+ characters mixing letters and digits
  // (`Button_root__3xKf9`), or a random-case piece (`bdVaJa`).
  for (const piece of token.split(/[-_]+/)) {
    if (piece.length >= 5 && /\d/.test(piece) && /[a-z]/i.test(piece)) return true;
    if (piece.length >= 5 && /[a-z][A-Z][a-z][A-Z]/.test(piece)) return true;
  }
  return false;
}

/** CSS.escape, written out (happy-dom and older engines lack it in some contexts). */
export function cssEscape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    const code = value.charCodeAt(i);
    if (code === 0) out += '\uFFFD';
    else if (
      (code >= 0x1 && code <= 0x1f) ||
      code === 0x7f ||
      (i === 0 && code >= 0x30 && code <= 0x39) ||
      (i === 1 && code >= 0x30 && code <= 0x39 && value.charCodeAt(0) === 0x2d)
    )
      out += `\\${code.toString(16)} `;
    else if (i === 0 && char === '-' && value.length === 1) out += '\\-';
    else if (code >= 0x80 || char === '-' || char === '_' || /[0-9A-Za-z]/.test(char)) out += char;
    else out += `\\${char}`;
  }
  return out;
}

const attributeValue = (value: string) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** An attribute value that may go into a selector: short, one line, not generated, not content-like. */
function usableValue(value: string | null): value is string {
  return (
    value !== null &&
    value.trim() !== '' &&
    value.length <= 40 &&
    !/[\n\r]/.test(value) &&
    !looksGenerated(value.replace(/\s+/g, '-'))
  );
}

/** An aria-label: as usableValue, and without digits (labels often carry a count, a date or a ticket number). */
function usableLabel(value: string | null): value is string {
  return usableValue(value) && !/\d/.test(value);
}

function tagOf(element: Element): string {
  const tag = element.localName;
  return /^[a-z][a-z0-9-]*$/.test(tag) ? tag : cssEscape(tag);
}

/** The stable classes of an element, in its order. */
function stableClasses(element: Element): string[] {
  return [...element.classList]
    .filter((name) => !STATE_CLASS.test(name) && !looksGenerated(name))
    .slice(0, 4);
}

/** Candidate selectors for the element alone, most stable first. */
function ownCandidates(element: Element, { id = true } = {}): string[] {
  const tag = tagOf(element);
  // A document's own body (an iframe editor's) is best named as that.
  if (tag === 'body' || tag === 'html') return [tag];
  const out: string[] = [];
  const elementId = element.getAttribute('id');
  if (id && elementId && !looksGenerated(elementId)) out.push(`#${cssEscape(elementId)}`);
  for (const name of TEST_ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (usableValue(value)) out.push(`[${name}=${attributeValue(value)}]`);
  }
  for (const attribute of [...element.attributes]) {
    const name = attribute.name;
    if (!name.startsWith('data-') || TEST_ATTRIBUTES.includes(name) || IGNORED_ATTRIBUTES.test(name))
      continue;
    if (!/^data-[a-z0-9-]+$/.test(name) || looksGenerated(name.slice(5))) continue;
    if (usableValue(attribute.value)) out.push(`${tag}[${name}=${attributeValue(attribute.value)}]`);
  }
  const name = element.getAttribute('name');
  if (usableValue(name)) out.push(`${tag}[name=${attributeValue(name)}]`);
  const label = element.getAttribute('aria-label');
  if (usableLabel(label)) out.push(`${tag}[aria-label=${attributeValue(label)}]`);
  const role = element.getAttribute('role');
  if (role && /^[a-z]+$/.test(role)) out.push(`${tag}[role="${role}"]`);
  const classes = stableClasses(element).map(cssEscape);
  for (const one of classes) out.push(`${tag}.${one}`);
  for (let i = 0; i < classes.length; i++)
    for (let j = i + 1; j < classes.length; j++) out.push(`${tag}.${classes[i]}.${classes[j]}`);
  const type = element.getAttribute('type');
  if (type && /^[a-z]+$/.test(type)) out.push(`${tag}[type="${type}"]`);
  const editable = element.getAttribute('contenteditable');
  if (editable !== null && /^(true|plaintext-only|)$/.test(editable))
    out.push(`${tag}[contenteditable="${editable}"]`);
  out.push(tag);
  return [...new Set(out)];
}

function queryAll(scope: ParentNode, selector: string): Element[] {
  try {
    return [...scope.querySelectorAll(selector)];
  } catch {
    return [];
  }
}

/** `element`'s position among its siblings of the same tag, as `tag:nth-of-type(n)` (or the tag if alone). */
function nthOfType(element: Element): string {
  const tag = tagOf(element);
  const parent = element.parentElement;
  if (!parent) return tag;
  const same = [...parent.children].filter((child) => child.localName === element.localName);
  return same.length === 1 ? tag : `${tag}:nth-of-type(${same.indexOf(element) + 1})`;
}

/**
 * A selector for `element` that is unique in `scope` (its document or shadow root), or that matches it and its
 * likes there (`all`).
 */
function selectorInScope(element: Element, scope: ParentNode, match: 'one' | 'all'): string {
  const own = ownCandidates(element, { id: match === 'one' });
  if (match === 'all') {
    // The first hook that finds the element and more like it; else the first that finds it at all.
    const found = own.map((selector) => ({ selector, all: queryAll(scope, selector) }));
    const likes = found.find(
      ({ all }) =>
        all.includes(element) && all.length > 1 && all.every((e) => e.localName === element.localName),
    );
    const any = found.find(({ all }) => all.includes(element));
    if (likes) return likes.selector;
    if (any && any.selector !== tagOf(element)) return any.selector;
  } else {
    for (const selector of own) {
      const all = queryAll(scope, selector);
      if (all.length === 1 && all[0] === element) return selector;
    }
  }
  // Anchored on the nearest ancestors that have a unique stable hook.
  const ownShort = own.slice(0, 6);
  let ancestor = element.parentElement;
  for (let depth = 0; ancestor && depth < 6; depth++, ancestor = ancestor.parentElement) {
    const anchor = ownCandidates(ancestor)
      .filter((candidate) => candidate !== tagOf(ancestor!))
      .find((candidate) => queryAll(scope, candidate).length === 1);
    if (!anchor) continue;
    for (const tail of ownShort) {
      const selector = `${anchor} ${tail}`;
      const all = queryAll(scope, selector);
      if (match === 'one' ? all.length === 1 && all[0] === element : all.includes(element)) return selector;
    }
    // A path of positions below the anchor.
    const steps: string[] = [];
    for (let at: Element | null = element; at && at !== ancestor; at = at.parentElement)
      steps.unshift(nthOfType(at));
    const selector = `${anchor} > ${steps.join(' > ')}`;
    const all = queryAll(scope, selector);
    if (all.length === 1 && all[0] === element) return selector;
  }
  // No stable ancestor: the shortest path of positions, from the element up, that is unique in the scope.
  const steps: string[] = [];
  for (let at: Element | null = element; at; at = at.parentElement) {
    steps.unshift(nthOfType(at));
    const all = queryAll(scope, steps.join(' > '));
    if (all.length === 1 && all[0] === element) break;
    if (at.parentNode === scope || at.parentElement === null) break;
  }
  return steps.join(' > ');
}

/** A selector relative to `within` whose first match there is `element`, shaped to fit other messages too. */
function selectorWithin(element: Element, within: Element): string {
  const own = ownCandidates(element, { id: false });
  for (const selector of own) {
    try {
      if (within.querySelector(selector) === element) return selector;
    } catch {
      // a candidate the engine does not take
    }
  }
  const steps: string[] = [];
  for (let at: Element | null = element; at && at !== within; at = at.parentElement)
    steps.unshift(nthOfType(at));
  return `:scope > ${steps.join(' > ')}`;
}

function defaultFrameOf(document: Document): Element | null {
  try {
    return document.defaultView?.frameElement ?? null;
  } catch {
    return null; // a cross-origin parent
  }
}

/**
 * A robust selector for `element` (see the file's comment). Steps out of open shadow roots and same-origin
 * iframes with ` >>> `; the selector is checked to find the element from the top document.
 */
export function robustSelector(element: Element, options: RobustSelectorOptions = {}): string {
  if (options.within) return selectorWithin(element, options.within);
  const match = options.match ?? 'one';
  const frameOf = options.frameOf ?? defaultFrameOf;
  const parts: string[] = [];
  let current: Element | null = element;
  let top: ParentNode = element.ownerDocument;
  while (current) {
    const root = current.getRootNode() as Document | ShadowRoot;
    // Only the innermost level is the field itself; the levels around it are single hosts or frames.
    parts.unshift(selectorInScope(current, root, parts.length === 0 ? match : 'one'));
    if ('host' in root && root.host) {
      current = root.host;
      continue;
    }
    top = root;
    const frame: Element | null = frameOf(root as Document);
    current = frame;
  }
  const selector = parts.join(PIERCE);
  const found = queryAllDeep(top, selector);
  if (!found.includes(element) || (match === 'one' && found[0] !== element))
    throw new Error('no selector finds this element from the page');
  return selector;
}
