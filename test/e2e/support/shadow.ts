/**
 * Deskmate's in-page UI lives in a *closed* shadow root, so neither the page nor Playwright's locators can see
 * into it. Chromium's DevTools protocol can (DOM.getDocument with pierce), which is how these helpers read it,
 * the way an agent sees it: text of elements found by a data-testid or CSS-ish attribute match.
 */
import type { Page } from 'playwright-core';

interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

function attributes(node: CdpNode): Record<string, string> {
  const result: Record<string, string> = {};
  const list = node.attributes ?? [];
  for (let i = 0; i < list.length; i += 2) result[list[i]!] = list[i + 1]!;
  return result;
}

function* walk(node: CdpNode): Generator<CdpNode> {
  yield node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) yield* walk(child);
}

function textOf(node: CdpNode): string {
  let text = '';
  for (const descendant of walk(node)) if (descendant.nodeType === 3) text += descendant.nodeValue;
  return text.replace(/\s+/g, ' ').trim();
}

export interface ShadowElement {
  text: string;
  attributes: Record<string, string>;
  backendNodeId: number;
}

/** Elements inside Deskmate's shadow root matching `attribute` (= `value` when given). */
export async function deskmateElements(
  page: Page,
  attribute: string,
  value?: string,
): Promise<ShadowElement[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const host = [...walk(root)].find((node) => attributes(node).id === 'deskmate-root');
    if (!host) return [];
    const found: ShadowElement[] = [];
    for (const node of walk(host)) {
      const attrs = attributes(node);
      if (attribute in attrs && (value === undefined || attrs[attribute] === value)) {
        found.push({ text: textOf(node), attributes: attrs, backendNodeId: node.backendNodeId });
      }
    }
    return found;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The text of the first Deskmate element with this data-testid ('' when absent). */
export async function deskmateText(page: Page, testId: string): Promise<string> {
  return (await deskmateElements(page, 'data-testid', testId))[0]?.text ?? '';
}

/** Polls until `read` returns a value `accept` likes, or fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  // A bound for a hang, not a speed limit: the machines are shared, and a cold worker injecting the guard bundle
  // into a page under load has taken over 10 s.
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

/** Runs a palette command by its title, as an agent does (F1, a few words, Enter). */
export async function runCommand(page: Page, words: string): Promise<void> {
  await page.keyboard.press('F1');
  await eventually(
    () => deskmateText(page, 'deskmate-palette'),
    (text) => text !== '',
    'the palette',
  );
  await page.keyboard.type(words);
  await page.keyboard.press('Enter');
}

/** A Deskmate element's border box on the page (CSS pixels of the top viewport). */
export async function deskmateBox(
  page: Page,
  element: ShadowElement,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: element.backendNodeId })) as {
      model: { border: number[] };
    };
    const [x1, y1, , , x3, y3] = model.border as [number, number, number, number, number, number];
    return { x: x1, y: y1, width: x3 - x1, height: y3 - y1 };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Clicks a Deskmate element by its position (it is unreachable for selectors). */
export async function clickDeskmate(page: Page, element: ShadowElement): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: element.backendNodeId })) as {
      model: { content: number[] };
    };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach().catch(() => {});
  }
}
