// @vitest-environment happy-dom
/**
 * The strategy-and-verify loop, against fake editors whose behaviour is known (happy-dom has no execCommand, so
 * that strategy is "ignored" here). Real editors are covered by test/e2e/editors.e2e.ts in Chromium.
 */
import { describe, expect, test } from 'vitest';
import { insertText, replaceText } from './insert.ts';
import { readText } from './text-map.ts';

const ANSWER = 'Thanks for reaching out.\nBest regards, Sam';

/** A contenteditable with the given editor marker whose handlers append text the way `behaviour` says. */
function fakeEditor(
  attributes: string,
  handles: { event: 'paste' | 'beforeinput'; inputType?: string; write: (text: string) => string[] },
): HTMLElement {
  document.body.innerHTML = `<div ${attributes} contenteditable="true"><p>Hi Anna, </p></div>`;
  const root = document.body.firstElementChild as HTMLElement;
  root.addEventListener(handles.event, (event) => {
    const text =
      event instanceof ClipboardEvent
        ? event.clipboardData?.getData('text/plain')
        : (event as InputEvent).inputType === handles.inputType
          ? ((event as InputEvent).data ?? undefined)
          : undefined;
    if (text === undefined) return;
    event.preventDefault();
    const [first = '', ...rest] = handles.write(text);
    root.lastElementChild!.append(first);
    for (const line of rest) root.insertAdjacentHTML('beforeend', `<p>${line}</p>`);
  });
  return root;
}

const allLines = (text: string): string[] => text.split('\n');

describe('insertText', () => {
  test('uses the first strategy the editor accepts and reports it', async () => {
    const root = fakeEditor('class="ProseMirror"', { event: 'paste', write: allLines });
    const result = await insertText(root, ANSWER);
    expect(result).toEqual({ ok: true, kind: 'prosemirror', strategy: 'paste', tried: ['paste'] });
    expect(readText(root)).toBe('Hi Anna, Thanks for reaching out.\nBest regards, Sam');
  });

  test('falls back while the editor ignores a strategy, and stops at the one that lands', async () => {
    const root = fakeEditor('data-slate-editor="true"', {
      event: 'beforeinput',
      inputType: 'insertText',
      write: allLines,
    });
    const result = await insertText(root, ANSWER);
    expect(result).toMatchObject({ ok: true, strategy: 'beforeinput-text' });
    expect(result.tried).toEqual(['beforeinput-paste', 'paste', 'beforeinput-text']);
    expect(readText(root).match(/Thanks for reaching out/g)).toHaveLength(1);
  });

  test('stops without retrying when only the first line lands (the Zendesk bug), so nothing is doubled', async () => {
    const root = fakeEditor('class="ProseMirror"', { event: 'paste', write: (text) => [allLines(text)[0]!] });
    const result = await insertText(root, ANSWER);
    expect(result).toMatchObject({ ok: false, problem: 'unexpected-change', tried: ['paste'] });
    expect(readText(root)).toBe('Hi Anna, Thanks for reaching out.');
  });

  test('stops when the editor inserts the text twice', async () => {
    const root = fakeEditor('class="ql-editor"', {
      event: 'paste',
      write: (text) => allLines(`${text}\n${text}`),
    });
    const result = await insertText(root, ANSWER);
    expect(result).toMatchObject({ ok: false, problem: 'unexpected-change', tried: ['paste'] });
  });

  test('says so when the editor ignores everything, and the text is left as it was', async () => {
    document.body.innerHTML = '<div class="ProseMirror" contenteditable="true"><p>Hi Anna, </p></div>';
    const root = document.body.firstElementChild!;
    const result = await insertText(root, ANSWER);
    expect(result).toMatchObject({ ok: false, problem: 'not-inserted', tried: ['paste', 'execCommand'] });
    expect(result.message).toContain('prosemirror');
    expect(result.message).not.toContain('Thanks');
    expect(readText(root)).toBe('Hi Anna, ');
  });

  test.each([
    ['prosemirror', 'class="ProseMirror"', '<p>Hello,</p><p><br></p><p>Tom &amp; Jerry &lt;3</p>'],
    ['draftjs', 'class="public-DraftEditor-content"', ''],
  ])(
    'a %s paste carries blank lines as empty paragraphs only where that keeps them',
    async (_kind, marker, html) => {
      document.body.innerHTML = `<div ${marker} contenteditable="true"></div>`;
      const root = document.body.firstElementChild!;
      let pasted: string | undefined;
      root.addEventListener('paste', (event) => {
        pasted = (event as ClipboardEvent).clipboardData?.getData('text/html');
      });
      await insertText(root, 'Hello,\n\nTom & Jerry <3');
      expect(pasted).toBe(html);
    },
  );

  test('refuses empty text', async () => {
    document.body.innerHTML = '<textarea></textarea>';
    expect(await insertText(document.querySelector('textarea')!, '')).toMatchObject({
      ok: false,
      problem: 'empty-text',
    });
  });

  test('puts text at the caret of a textarea (falling back to setRangeText without execCommand)', async () => {
    document.body.innerHTML = '<textarea></textarea>';
    const textarea = document.querySelector('textarea')!;
    textarea.value = 'Hi Anna, bye';
    textarea.focus();
    textarea.setSelectionRange(9, 9);
    const result = await insertText(textarea, 'thanks!\n');
    expect(result).toMatchObject({
      ok: true,
      strategy: 'setRangeText',
      tried: ['execCommand', 'setRangeText'],
    });
    expect(textarea.value).toBe('Hi Anna, thanks!\nbye');
  });

  test('deletes the given span when the text is empty (the "Remove" quick fix)', async () => {
    document.body.innerHTML = '<textarea></textarea>';
    const textarea = document.querySelector('textarea')!;
    textarea.value = 'Card 4111 1111 1111 1111 ok';
    const result = await insertText(textarea, '', { at: { start: 5, end: 25 } });
    expect(result).toMatchObject({ ok: true, strategy: 'setRangeText' });
    expect(textarea.value).toBe('Card ok');
  });

  test('turns line breaks into spaces in a single-line input', async () => {
    document.body.innerHTML = '<input type="text">';
    const input = document.querySelector('input')!;
    await insertText(input, 'one\ntwo');
    expect(input.value).toBe('one two');
  });
});

describe('replaceText', () => {
  test('replaces a plain-text span across formatting, as the mask quick fix needs', async () => {
    document.body.innerHTML =
      '<div id="r" contenteditable="true"><p>Card <b>4111 1111</b> 1111 1111 ok</p></div>';
    const root = document.getElementById('r')!;
    root.addEventListener('paste', (event) => {
      // A minimal editor: replace the selection with the pasted text.
      event.preventDefault();
      const range = document.getSelection()!.getRangeAt(0);
      range.deleteContents();
      range.insertNode(document.createTextNode(event.clipboardData!.getData('text/plain')));
    });
    const start = readText(root).indexOf('4111');
    // A contenteditable without a marker tries execCommand (absent here), then paste.
    const result = await replaceText(root, start, start + 19, '•••• 1111');
    expect(result).toMatchObject({ ok: true, strategy: 'paste' });
    expect(readText(root)).toBe('Card •••• 1111 ok');
  });

  test('rejects a span outside the text with a message naming it', () => {
    document.body.innerHTML = '<textarea>short</textarea>';
    expect(() => replaceText(document.querySelector('textarea')!, 2, 40, 'x')).toThrow(
      "replaceText: span [2, 40) is not within the editor's text (length 5).",
    );
  });
});
