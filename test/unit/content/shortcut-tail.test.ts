// @vitest-environment happy-dom
/**
 * The answers feature's per-key shortcut check reads only the text before the caret (editing `textBeforeCaret`)
 * and decides from it whether a `;shortcut` can end there (`mayEndInShortcut`); the reply's whole text is read only
 * when it can. A wrong "no" would close the list while the agent types `;refund`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { textBeforeCaret } from '../../../src/content/editing/index.ts';
import { mayEndInShortcut } from '../../../src/content/features/answers.ts';

const SHORTCUT_BEFORE_CARET = /(?:^|\s);([\p{L}\p{N}._/-]{0,40})$/u;

afterEach(() => {
  document.body.replaceChildren();
});

function caretIn(node: Node, offset: number): void {
  const range = document.createRange();
  range.setStart(node, offset);
  range.collapse(true);
  const selection = document.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
}

describe('mayEndInShortcut', () => {
  it('says no for ordinary typing, and yes wherever the full check could match', () => {
    const tail = (text: string, whole = true) => mayEndInShortcut({ text, whole });
    expect(tail('Thanks for waiting, we will refund')).toBe(false);
    expect(tail('please see ;refund')).toBe(true);
    expect(tail(';')).toBe(true);
    expect(tail('see ;')).toBe(true);
    expect(tail('a;b')).toBe(true); // the full check says no; the quick one only must not say no wrongly
    expect(tail(`see ;${'x'.repeat(41)}`)).toBe(false);
    // Only name characters since the node's start: the `;` may be in the node before (a mark, a link).
    expect(tail('refund', false)).toBe(true);
    expect(tail('x'.repeat(64), true)).toBe(false);
    expect(mayEndInShortcut(undefined)).toBe(false);
  });

  it('never says no where the reply ends in a shortcut (generated endings)', () => {
    const pieces = [' ', ';', 'a', 'é', '7', '.', '/', '-', '_', '\n', ',', 'ü', '日'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const length = next() % 70;
      for (let j = 0; j < length; j++) text += pieces[next() % pieces.length];
      const tail = text.slice(-64);
      if (SHORTCUT_BEFORE_CARET.test(text))
        expect(mayEndInShortcut({ text: tail, whole: text.length > 64 }), text).toBe(true);
    }
  });
});

describe('textBeforeCaret', () => {
  it('reads a text field before its caret', () => {
    const field = document.createElement('textarea');
    document.body.append(field);
    field.value = 'Hello there ;ref and more';
    field.setSelectionRange(16, 16);
    expect(textBeforeCaret(field, 8)).toEqual({ text: 'ere ;ref', whole: true });
    field.setSelectionRange(2, 5);
    expect(textBeforeCaret(field, 8)).toBeUndefined();
  });

  it("reads the caret's own text node, and says when the text may go on before it", () => {
    const editor = document.createElement('div');
    editor.contentEditable = 'true';
    editor.innerHTML = '<p>Order <b>4111</b> see ;refu</p>';
    document.body.append(editor);
    const last = editor.querySelector('p')!.lastChild!;
    caretIn(last, 10);
    expect(textBeforeCaret(editor, 64)).toEqual({ text: ' see ;refu', whole: false });
    expect(textBeforeCaret(editor, 4)).toEqual({ text: 'refu', whole: true });
    caretIn(document.body, 0);
    expect(textBeforeCaret(editor, 64)).toBeUndefined();
  });
});
