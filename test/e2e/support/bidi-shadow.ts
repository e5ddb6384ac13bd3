/**
 * Deskmate's UI in Firefox, read the way support/shadow.ts reads it in Chromium: its shadow root is *closed*, so
 * neither the page nor puppeteer's selectors see into it, but WebDriver BiDi does. `script.evaluate` with the
 * serialization option `includeShadowTree: 'all'` returns the UI's host with its closed shadow tree, every node
 * with a `sharedId` that later commands can pass back (to measure an element, to click it where it is drawn).
 */
import type { Page } from 'puppeteer-core';

interface SerializedNode {
  type: string;
  sharedId?: string;
  value?: {
    nodeType: number;
    localName?: string;
    nodeValue?: string;
    attributes?: Record<string, string>;
    children?: SerializedNode[] | null;
    shadowRoot?: SerializedNode | null;
  };
}

interface BidiConnection {
  send(method: string, params: unknown): Promise<{ result: Record<string, unknown> }>;
}

export interface BidiElement {
  text: string;
  attributes: Record<string, string>;
  sharedId: string;
}

function connection(page: Page): BidiConnection {
  // puppeteer-core's BiDi browser keeps its session's connection here; raw commands go through it.
  const browser = page.browser() as unknown as { connection?: BidiConnection };
  if (!browser.connection) throw new Error('not a WebDriver BiDi session');
  return browser.connection;
}

/** The page's top-level browsing context (puppeteer's BiDi frame id). */
function context(page: Page): string {
  return (page.mainFrame() as unknown as { _id: string })._id;
}

function* walk(node: SerializedNode): Generator<SerializedNode> {
  yield node;
  const value = node.value;
  if (!value) return;
  if (value.shadowRoot) yield* walk(value.shadowRoot);
  for (const child of value.children ?? []) yield* walk(child);
}

function textOf(node: SerializedNode): string {
  let text = '';
  for (const descendant of walk(node))
    if (descendant.value?.nodeType === 3) text += descendant.value.nodeValue ?? '';
  return text.replace(/\s+/g, ' ').trim();
}

/** Elements inside Deskmate's shadow root matching `attribute` (= `value` when given). */
export async function bidiDeskmateElements(
  page: Page,
  attribute: string,
  value?: string,
): Promise<BidiElement[]> {
  const answer = await connection(page).send('script.evaluate', {
    expression: "document.getElementById('deskmate-root')",
    target: { context: context(page) },
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: null },
  });
  const result = answer.result as { type: string; result?: SerializedNode };
  const host = result.result;
  if (result.type !== 'success' || !host || host.type !== 'node') return [];
  const found: BidiElement[] = [];
  for (const node of walk(host)) {
    const attributes = node.value?.attributes ?? {};
    if (
      node.value?.nodeType === 1 &&
      attribute in attributes &&
      (value === undefined || attributes[attribute] === value)
    )
      found.push({ text: textOf(node), attributes, sharedId: node.sharedId ?? '' });
  }
  return found;
}

/** The text of the first Deskmate element with this data-testid ('' when absent). */
export async function bidiDeskmateText(page: Page, testId: string): Promise<string> {
  return (await bidiDeskmateElements(page, 'data-testid', testId))[0]?.text ?? '';
}

/** An element's border box in the viewport (the element passed back to the page by its shared id). */
export async function bidiBoxOf(
  page: Page,
  element: BidiElement,
): Promise<{ left: number; right: number; top: number; bottom: number }> {
  const answer = await connection(page).send('script.callFunction', {
    functionDeclaration:
      '(element) => { const r = element.getBoundingClientRect(); return JSON.stringify({ left: r.left, right: r.right, top: r.top, bottom: r.bottom }); }',
    arguments: [{ sharedId: element.sharedId }],
    target: { context: context(page) },
    awaitPromise: false,
    resultOwnership: 'none',
  });
  const result = answer.result as { type: string; result?: { value?: string }; exceptionDetails?: unknown };
  if (result.type !== 'success' || typeof result.result?.value !== 'string')
    throw new Error(`could not measure a Deskmate element: ${JSON.stringify(result)}`);
  return JSON.parse(result.result.value);
}

/** Clicks a Deskmate element where it is drawn, as the agent does. */
export async function bidiClickDeskmate(page: Page, element: BidiElement): Promise<void> {
  const box = await bidiBoxOf(page, element);
  await page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
}
