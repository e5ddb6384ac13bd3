// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { detectEditor, findEditable } from './editor-kind.ts';

describe('detectEditor', () => {
  test.each([
    ['<div class="ProseMirror" contenteditable="true"><p>x</p></div>', 'prosemirror'],
    ['<div class="ql-editor" contenteditable="true"><p>x</p></div>', 'quill'],
    ['<div class="ck ck-content ck-editor__editable" contenteditable="true"><p>x</p></div>', 'ckeditor5'],
    ['<div data-lexical-editor="true" contenteditable="true"><p>x</p></div>', 'lexical'],
    ['<div data-slate-editor="true" contenteditable="true"><p>x</p></div>', 'slate'],
    ['<div class="notranslate public-DraftEditor-content" contenteditable="true"><p>x</p></div>', 'draftjs'],
    ['<div contenteditable="true"><p>x</p></div>', 'contenteditable'],
    ['<textarea></textarea>', 'textarea'],
    ['<input type="text">', 'input'],
  ])('%s is %s', (html, kind) => {
    document.body.innerHTML = html;
    expect(detectEditor(document.body.firstElementChild!)).toBe(kind);
  });

  test('an element inside the editor is told by its editing host', () => {
    document.body.innerHTML =
      '<div class="ProseMirror" contenteditable="true"><p><strong>x</strong></p></div>';
    expect(detectEditor(document.querySelector('strong')!)).toBe('prosemirror');
  });
});

describe('findEditable', () => {
  test('resolves a click target inside a rich editor to its editing host', () => {
    document.body.innerHTML =
      '<div id="host" class="ql-editor" contenteditable="true"><p><em>hi</em></p></div>';
    expect(findEditable(document.querySelector('em')!)?.id).toBe('host');
  });

  test('finds the reply box inside a container, skipping fields the agent cannot type into', () => {
    document.body.innerHTML = `<form>
      <input type="checkbox"><input type="text" readonly><textarea disabled></textarea>
      <div contenteditable="false">status</div><div id="reply" contenteditable="true"></div></form>`;
    expect(findEditable(document.querySelector('form')!)?.id).toBe('reply');
  });

  test('prefers the focused editable of a document', () => {
    document.body.innerHTML = '<textarea id="notes"></textarea><div id="reply" contenteditable="true"></div>';
    (document.getElementById('reply') as HTMLElement).focus();
    expect(findEditable(document)?.id).toBe('reply');
  });

  test('finds nothing on a page without an editable', () => {
    document.body.innerHTML = '<p>read only</p>';
    expect(findEditable(document)).toBeUndefined();
  });
});
