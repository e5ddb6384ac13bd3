// @vitest-environment happy-dom
import { TextSelection } from 'prosemirror-state';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ComposerEditor, type ComposerState, createComposerEditor } from '../../../demo/src/editor.ts';

let editor: ComposerEditor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

function mount() {
  const element = document.createElement('div');
  document.body.append(element);
  const onSubmit = vi.fn();
  const states: ComposerState[] = [];
  editor = createComposerEditor(element, {
    placeholder: 'Reply to Maya…',
    onSubmit,
    onChange: (state) => states.push(state),
  });
  return { editor, onSubmit, states, lastState: () => states.at(-1)! };
}

/** Types as ProseMirror's input handling would: a transaction inserting text at the cursor. */
function type(target: ComposerEditor, text: string): void {
  const { view } = target;
  view.dispatch(view.state.tr.insertText(text));
}

function selectAll(target: ComposerEditor): void {
  const { view } = target;
  view.dispatch(
    view.state.tr.setSelection(TextSelection.create(view.state.doc, 1, view.state.doc.content.size - 1)),
  );
}

function pressKey(target: ComposerEditor, key: string, modifiers: KeyboardEventInit = {}): void {
  target.view.dom.dispatchEvent(
    new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }),
  );
}

describe('the composer editor', () => {
  it('starts empty, showing its placeholder, with nothing to undo', () => {
    const { editor, lastState } = mount();
    expect(editor.getText()).toBe('');
    expect(lastState()).toMatchObject({ empty: true, canUndo: false, canRedo: false });
    expect(editor.view.dom.classList.contains('is-empty')).toBe(true);
    expect(editor.view.dom.getAttribute('data-placeholder')).toBe('Reply to Maya…');
    expect(editor.view.dom.getAttribute('contenteditable')).toBe('true');
  });

  it('reads back what was typed as text and as HTML', () => {
    const { editor, lastState } = mount();
    type(editor, 'Your parcel ships today.');
    expect(editor.getText()).toBe('Your parcel ships today.');
    expect(editor.getHTML()).toBe('<p>Your parcel ships today.</p>');
    expect(lastState().empty).toBe(false);
    expect(editor.view.dom.classList.contains('is-empty')).toBe(false);
  });

  it('makes the selection bold and italic from the toolbar, and says so', () => {
    const { editor, lastState } = mount();
    type(editor, 'refund approved');
    selectAll(editor);
    editor.toggleBold();
    editor.toggleItalic();
    expect(editor.getHTML()).toBe('<p><em><strong>refund approved</strong></em></p>');
    expect(lastState()).toMatchObject({ bold: true, italic: true });
  });

  it('turns paragraphs into a bullet list and back', () => {
    const { editor, lastState } = mount();
    type(editor, 'Check the seams');
    editor.toggleBulletList();
    expect(editor.getHTML()).toBe('<ul><li><p>Check the seams</p></li></ul>');
    expect(lastState().bulletList).toBe(true);
    editor.toggleBulletList();
    expect(editor.getHTML()).toBe('<p>Check the seams</p>');
  });

  it('undoes and redoes', () => {
    const { editor, lastState } = mount();
    type(editor, 'Hello');
    expect(lastState().canUndo).toBe(true);
    editor.undo();
    expect(editor.getText()).toBe('');
    expect(lastState().canRedo).toBe(true);
    editor.redo();
    expect(editor.getText()).toBe('Hello');
  });

  it('asks its host to send on Ctrl+Enter and on Cmd+Enter, without inserting a line', () => {
    const { editor, onSubmit } = mount();
    type(editor, 'Done');
    pressKey(editor, 'Enter', { ctrlKey: true });
    pressKey(editor, 'Enter', { metaKey: true });
    expect(onSubmit).toHaveBeenCalledTimes(2);
    expect(editor.getText()).toBe('Done');
  });

  it('clears to a fresh editor after sending, with no undo back into the sent reply', () => {
    const { editor, lastState } = mount();
    type(editor, 'Sent already');
    editor.clear();
    expect(editor.getText()).toBe('');
    expect(lastState()).toMatchObject({ empty: true, canUndo: false });
    editor.undo();
    expect(editor.getText()).toBe('');
  });
});
