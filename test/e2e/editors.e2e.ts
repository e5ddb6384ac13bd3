/**
 * Insertion into real editors, from a real content script's isolated world, in Chromium and in Firefox ESR.
 *
 * For every editor the agent's situation is replayed: click into the reply, type a greeting, pick an answer
 * (inserted by src/content/editing through the harness extension), then press Ctrl+Z once. The editor's own
 * API/model (window.fixture.getText) must show the answer exactly once after the greeting, and after Ctrl+Z only
 * the greeting. The data guard's "Mask" (replaceText over a range) is checked the same way.
 *
 * One browser of each engine serves the whole file (launched in its describe's beforeAll), one page per test.
 */
import type { Frame as PlaywrightFrame, Page as PlaywrightPage } from 'playwright-core';
import type { Frame as PuppeteerFrame, Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/static-server.ts';
import {
  DELETE_STRATEGIES,
  type EditorKind,
  STRATEGIES,
  type StrategyName,
} from '../../src/content/editing/index.ts';
import { type EditorFixturesBuild, ensureEditorFixtures } from '../fixtures/editors/build.ts';
import type {} from '../fixtures/editors/fixture-api.ts';
import { harnessCall } from '../fixtures/editors/harness-extension/client.ts';
import type { HarnessRequest, HarnessResponse } from '../fixtures/editors/harness-extension/protocol.ts';
import { launchChromium } from './support/chromium.ts';
import { launchFirefox } from './support/firefox.ts';

interface EditorCase {
  page: string;
  /** What detectEditor should call it. */
  kind: EditorKind;
  /** Where the agent clicks to put the caret in the reply. */
  click: string;
  /** The iframe holding the editable, if any. */
  frame?: string;
  /** The strategy that must land first time (no fallback needed) from the isolated world. */
  strategy: StrategyName;
  /** Keeps bold from inserted HTML (Slate's default paste is text-only; a textarea has no formatting). */
  formatting: boolean;
  /** Its getText has one '\n' per line break (Lexical and TinyMCE put '\n\n' between paragraphs). */
  exactLines: boolean;
}

const EDITORS: EditorCase[] = [
  {
    page: 'textarea',
    kind: 'textarea',
    click: '#editor',
    strategy: 'execCommand',
    formatting: false,
    exactLines: true,
  },
  {
    page: 'contenteditable',
    kind: 'contenteditable',
    click: '#editor',
    strategy: 'execCommand',
    formatting: true,
    exactLines: false,
  },
  {
    page: 'prosemirror',
    kind: 'prosemirror',
    click: '.ProseMirror',
    strategy: 'paste',
    formatting: true,
    exactLines: true,
  },
  {
    page: 'quill',
    kind: 'quill',
    click: '.ql-editor',
    strategy: 'paste',
    formatting: true,
    exactLines: true,
  },
  {
    page: 'ckeditor5',
    kind: 'ckeditor5',
    click: '.ck-editor__editable',
    strategy: 'paste',
    formatting: true,
    exactLines: true,
  },
  {
    page: 'tinymce',
    kind: 'tinymce',
    click: 'body#tinymce',
    frame: 'iframe',
    strategy: 'paste',
    formatting: true,
    exactLines: false,
  },
  {
    page: 'lexical',
    kind: 'lexical',
    click: '[data-lexical-editor]',
    strategy: 'paste',
    formatting: true,
    exactLines: false,
  },
  {
    page: 'slate',
    kind: 'slate',
    click: '[data-slate-editor]',
    strategy: 'beforeinput-paste',
    formatting: false,
    exactLines: true,
  },
  {
    page: 'draftjs',
    kind: 'draftjs',
    click: '.public-DraftEditor-content',
    strategy: 'paste',
    formatting: true,
    exactLines: true,
  },
  {
    page: 'iframe',
    kind: 'prosemirror',
    click: '.ProseMirror',
    frame: '#frame',
    strategy: 'paste',
    formatting: true,
    exactLines: true,
  },
];

const GREETING = 'Hi Anna, ';
const ANSWER = 'Thanks for reaching out.\nYour order #1234 ships today.\nBest regards, Sam';
const ANSWERED = ['Hi Anna, Thanks for reaching out.', 'Your order #1234 ships today.', 'Best regards, Sam'];

/**
 * ProseMirror (500 ms) and Quill (1 s) fold edits made close together into one undo step, so an insertion right
 * after a keystroke is undone together with it (measured: with no pause only these two fail the Ctrl+Z checks).
 * An agent who types, opens the palette and picks an answer takes longer than that; the tests pause the same way.
 */
const AGENT_PAUSE_MS = 1100;

/** What a test does with a fixture page, whichever browser automation library drives it. */
interface EditorPage {
  /** Runs `fn` in the top page's main world. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Evaluates an expression in the top page's main world (awaiting it if it is a promise). */
  evaluateScript<R>(expression: string): Promise<R>;
  type(text: string): Promise<void>;
  undo(): Promise<void>;
  pause(ms: number): Promise<void>;
  /** The computed font weight of the text node holding `needle` inside the editable. */
  fontWeightOf(needle: string): Promise<number>;
  close(): Promise<void>;
}

interface BrowserUnderTest {
  name: string;
  launch(build: EditorFixturesBuild): Promise<void>;
  open(editor: EditorCase, url: string): Promise<EditorPage>;
  close(): Promise<void>;
}

function fontWeightIn(root: Element, wanted: string): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent?.includes(wanted)) return Number(getComputedStyle(node.parentElement!).fontWeight);
  }
  return 0;
}

async function waitForFixture(evaluate: EditorPage['evaluate']): Promise<void> {
  // The harness content script marks the page once it listens; the fixture exposes its API once mounted.
  const deadline = Date.now() + 20_000;
  while (
    !(await evaluate(() => !!document.documentElement.dataset.deskmateHarness && !!window.fixture, null))
  ) {
    if (Date.now() > deadline) throw new Error('the harness content script or the fixture did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await evaluate(() => window.fixture.ready, null);
}

function chromium(): BrowserUnderTest {
  let launched: Awaited<ReturnType<typeof launchChromium>> | undefined;
  return {
    name: 'Chromium',
    async launch(build) {
      launched = await launchChromium({ extensionDir: build.extensionDir });
    },
    async open(editor, url) {
      const page: PlaywrightPage = await launched!.context.newPage();
      await page.goto(url);
      // The function is serialised into the page; the libraries' own typings of that differ, so cast through.
      const evaluate: EditorPage['evaluate'] = (fn, arg) => page.evaluate(fn as never, arg as never);
      await waitForFixture(evaluate);
      let target: PlaywrightPage | PlaywrightFrame = page;
      if (editor.frame) target = (await (await page.waitForSelector(editor.frame)).contentFrame())!;
      await target.click(editor.click);
      return {
        evaluate,
        evaluateScript: (expression) => page.evaluate(expression),
        type: (text) => page.keyboard.type(text),
        undo: () => page.keyboard.press('Control+z'),
        pause: (ms) => page.waitForTimeout(ms),
        fontWeightOf: (needle) => target.$eval(editor.click, fontWeightIn, needle),
        close: () => page.close(),
      };
    },
    close: async () => launched?.close(),
  };
}

function firefox(): BrowserUnderTest {
  let launched: Awaited<ReturnType<typeof launchFirefox>> | undefined;
  return {
    name: 'Firefox ESR',
    async launch(build) {
      launched = await launchFirefox(build.firefoxExtensionDir);
    },
    async open(editor, url) {
      const page: PuppeteerPage = await launched!.browser.newPage();
      await page.goto(url);
      const evaluate: EditorPage['evaluate'] = (fn, arg) => page.evaluate(fn as never, arg as never);
      await waitForFixture(evaluate);
      let target: PuppeteerPage | PuppeteerFrame = page;
      if (editor.frame) target = (await (await page.waitForSelector(editor.frame))!.contentFrame())!;
      await target.click(editor.click);
      return {
        evaluate,
        evaluateScript: (expression) => page.evaluate(expression) as never,
        type: (text) => page.keyboard.type(text),
        async undo() {
          await page.keyboard.down('Control');
          await page.keyboard.press('KeyZ');
          await page.keyboard.up('Control');
        },
        pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        fontWeightOf: (needle) => target.$eval(editor.click, fontWeightIn, needle),
        close: () => page.close(),
      };
    },
    close: async () => launched?.browser.close(),
  };
}

/** Lines of the editor's text as the agent sees them: blank lines, trailing spaces and fillers do not count. */
function lines(text: string): string[] {
  return text
    .replace(/[\u200b\u2060\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .split(/\n+/)
    .map((line) => line.replace(/ +/g, ' ').trim())
    .filter((line) => line.length > 0);
}

/** The editor's text with fillers, non-breaking and trailing spaces tidied, blank lines kept. */
function tidy(text: string): string {
  return text
    .replace(/[\u200b\u2060\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ +/g, ' ').trimEnd())
    .join('\n')
    .trimEnd();
}

let nextRequest = 1;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Sends a request to the harness content script (isolated world) and waits for its answer. */
function harness(
  page: EditorPage,
  request: DistributiveOmit<HarnessRequest, 'id'>,
): Promise<HarnessResponse> {
  return page.evaluateScript(harnessCall({ ...request, id: nextRequest++ } as HarnessRequest));
}

const editorText = (page: EditorPage): Promise<string> => page.evaluate(() => window.fixture.getText(), null);
const editorLines = (page: EditorPage): Promise<string[]> => editorText(page).then(lines);

let server: StaticServer;
let build: EditorFixturesBuild;

beforeAll(async () => {
  build = await ensureEditorFixtures();
  server = await serveStatic(build.pagesDir);
});

afterAll(async () => {
  await server?.close();
});

describe.each([chromium(), firefox()])('$name', (browser) => {
  beforeAll(() => browser.launch(build));
  afterAll(() => browser.close());

  const open = (editor: EditorCase): Promise<EditorPage> =>
    browser.open(editor, `${server.origin}/${editor.page}.html`);

  /** Opens the editor and types the greeting, as the agent would before picking an answer. */
  async function greeted(editor: EditorCase): Promise<EditorPage> {
    const page = await open(editor);
    await page.type(GREETING);
    await expect.poll(() => editorLines(page)).toEqual(['Hi Anna,']);
    return page;
  }

  describe.each(EDITORS)('$page', (editor) => {
    test('detects the editor from the DOM alone', async () => {
      const page = await open(editor);
      expect(await harness(page, { deskmateHarness: 'detect' })).toMatchObject({
        ok: true,
        kind: editor.kind,
      });
      await page.close();
    });

    test('inserts a multi-line answer once after the greeting, and one Ctrl+Z takes it out', async () => {
      const page = await greeted(editor);
      await page.pause(AGENT_PAUSE_MS);

      const response = await harness(page, { deskmateHarness: 'insert', text: ANSWER });
      expect(response).toMatchObject({
        ok: true,
        insert: { ok: true, kind: editor.kind, strategy: editor.strategy, tried: [editor.strategy] },
      });
      await expect.poll(() => editorLines(page)).toEqual(ANSWERED);

      await page.undo();
      await expect.poll(() => editorLines(page)).toEqual(['Hi Anna,']);
      await page.close();
    });

    test('masks a range with replaceText, and one Ctrl+Z brings the original back', async () => {
      const page = await open(editor);
      const original = 'Card 4111 1111 1111 1111 expires soon';
      await page.type(original);
      await expect.poll(() => editorLines(page)).toEqual([original]);
      await page.pause(AGENT_PAUSE_MS);

      const read = await harness(page, { deskmateHarness: 'read' });
      if (!read.ok || read.text === undefined) throw new Error(`read failed: ${JSON.stringify(read)}`);
      const start = read.text.indexOf('4111');
      expect(start).toBeGreaterThan(0);
      const end = start + '4111 1111 1111 1111'.length;
      const response = await harness(page, {
        deskmateHarness: 'replace',
        start,
        end,
        replacement: '•••• 1111',
      });
      expect(response).toMatchObject({ ok: true, insert: { ok: true, strategy: editor.strategy } });
      await expect.poll(() => editorLines(page)).toEqual(['Card •••• 1111 expires soon']);

      await page.undo();
      await expect.poll(() => editorLines(page)).toEqual([original]);
      await page.close();
    });

    // The data guard's "Remove": an empty replacement deletes the span, as one undo step. Every delete strategy is
    // run on its own: the first must land, the others must land or leave the text untouched.
    for (const [index, strategy] of DELETE_STRATEGIES[editor.kind].entries()) {
      test(`removes a range with replaceText(…, '') using "${strategy}"${index === 0 ? ', and one Ctrl+Z brings it back' : ''}`, async () => {
        const page = await open(editor);
        const original = 'Card 4111 1111 1111 1111 expires soon';
        await page.type(original);
        await expect.poll(() => editorLines(page)).toEqual([original]);
        await page.pause(AGENT_PAUSE_MS);

        const read = await harness(page, { deskmateHarness: 'read' });
        if (!read.ok || read.text === undefined) throw new Error(`read failed: ${JSON.stringify(read)}`);
        const start = read.text.indexOf('4111');
        const end = start + '4111 1111 1111 1111 '.length;
        const response = await harness(page, {
          deskmateHarness: 'replace',
          start,
          end,
          replacement: '',
          strategies: [strategy],
        });
        if (!response.ok || !response.insert) throw new Error(`harness failed: ${JSON.stringify(response)}`);
        if (index === 0) expect(response.insert).toMatchObject({ ok: true, strategy });
        if (!response.insert.ok) {
          expect(response.insert.problem).toBe('not-inserted');
          expect(await editorLines(page)).toEqual([original]);
          await page.close();
          return;
        }
        await expect.poll(() => editorLines(page)).toEqual(['Card expires soon']);
        if (index === 0) {
          await page.undo();
          await expect.poll(() => editorLines(page)).toEqual([original]);
        }
        await page.close();
      });
    }

    // Only where getText shows a blank line as one '\n' more (see exactLines).
    if (editor.exactLines) {
      test('keeps the blank lines of an answer', async () => {
        const page = await greeted(editor);
        const text = 'Hello,\n\nThanks for reaching out.\n\n\nBest';
        expect(await harness(page, { deskmateHarness: 'insert', text })).toMatchObject({
          insert: { ok: true },
        });
        await expect.poll(async () => tidy(await editorText(page))).toBe(`Hi Anna, ${text}`);
        await page.close();
      });
    }

    // Not asked of editors that take no HTML from a paste (see formatting).
    if (editor.formatting) {
      test('keeps the formatting of an HTML answer', async () => {
        const page = await greeted(editor);
        const response = await harness(page, {
          deskmateHarness: 'insert',
          text: 'Thanks for reaching out.\nYour order #1234 ships today.',
          html: '<p>Thanks for reaching out.</p><p>Your order <strong>#1234</strong> ships today.</p>',
        });
        expect(response).toMatchObject({ ok: true, insert: { ok: true } });
        // TinyMCE keeps a pasted paragraph as a paragraph of its own: compare the words, in order, once.
        await expect
          .poll(async () => (await editorLines(page)).join(' '))
          .toBe('Hi Anna, Thanks for reaching out. Your order #1234 ships today.');
        // Rendered from the editor's model, so bold here means bold in the model (Draft.js uses inline styles).
        expect(await page.fontWeightOf('#1234')).toBeGreaterThanOrEqual(600);
        await page.close();
      });
    }

    // The fallbacks are only safe if a strategy that does not work leaves the text alone: then the next one cannot
    // insert a second copy. Each fallback is run on its own and must either land exactly once or change nothing, and
    // its result must say which, as read through the editor's own model.
    for (const strategy of STRATEGIES[editor.kind].filter((name) => name !== editor.strategy)) {
      test(`fallback "${strategy}" inserts exactly once or leaves the text untouched, and says which`, async () => {
        const page = await greeted(editor);
        const response = await harness(page, {
          deskmateHarness: 'insert',
          text: ANSWER,
          strategies: [strategy],
        });
        if (!response.ok || !response.insert) throw new Error(`harness failed: ${JSON.stringify(response)}`);
        const after = await editorLines(page);
        if (response.insert.ok) expect(after).toEqual(ANSWERED);
        else {
          expect(response.insert.problem).toBe('not-inserted');
          expect(after).toEqual(['Hi Anna,']);
        }
        await page.close();
      });
    }
  });

  test('stops and reports when a strategy corrupts the text instead of inserting it a second time', async () => {
    // execCommand makes Draft.js lose text in both browsers (it is kept off Draft's list for that reason): forced
    // here, the read-back must notice and stop rather than fall back to the next strategy.
    const page = await greeted(EDITORS.find((editor) => editor.page === 'draftjs')!);
    const response = await harness(page, {
      deskmateHarness: 'insert',
      text: ANSWER,
      strategies: ['execCommand', 'paste'],
    });
    expect(response).toMatchObject({
      ok: true,
      insert: { ok: false, problem: 'unexpected-change', tried: ['execCommand'] },
    });
    // Whatever execCommand left, the paste fallback did not add a second copy.
    expect((await editorText(page)).split('Thanks for reaching out').length - 1).toBeLessThanOrEqual(1);
    await page.close();
  });
});
