/**
 * The reply composer's rich-text editor: ProseMirror, as in Zendesk's and Help Scout's composers, so the extension
 * is exercised against the editor it meets in the field (its insertion path, its own undo history, its DOM).
 * Framework-free on purpose: the Preact composer only mounts it and mirrors its state in the toolbar.
 */
import { baseKeymap, chainCommands, exitCode, toggleMark } from 'prosemirror-commands';
import { history, redo, redoDepth, undo, undoDepth } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import {
  DOMSerializer,
  type MarkType,
  type NodeType,
  type Node as ProseMirrorNode,
  Schema,
} from 'prosemirror-model';
import { schema as basicSchema } from 'prosemirror-schema-basic';
import { addListNodes, liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { type Command, EditorState, type Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';

export const composerSchema = new Schema({
  nodes: addListNodes(basicSchema.spec.nodes, 'paragraph block*', 'block'),
  marks: basicSchema.spec.marks,
});

function markType(name: string): MarkType {
  const type = composerSchema.marks[name];
  if (!type) throw new Error(`The composer schema has no mark "${name}"`);
  return type;
}

function nodeType(name: string): NodeType {
  const type = composerSchema.nodes[name];
  if (!type) throw new Error(`The composer schema has no node "${name}"`);
  return type;
}

const strong = markType('strong');
const em = markType('em');
const bulletList = nodeType('bullet_list');
const listItem = nodeType('list_item');
const hardBreak = nodeType('hard_break');

/** What the toolbar shows: which marks are on at the cursor, whether undo/redo have anything to do. */
export interface ComposerState {
  empty: boolean;
  bold: boolean;
  italic: boolean;
  bulletList: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

export interface ComposerEditor {
  view: EditorView;
  /** The reply as plain text, one line per paragraph or list item. */
  getText(): string;
  /** The reply as HTML, as a helpdesk would send it. */
  getHTML(): string;
  toggleBold(): void;
  toggleItalic(): void;
  toggleBulletList(): void;
  undo(): void;
  redo(): void;
  /** Empties the editor and forgets its history, as helpdesks do once a reply is sent. */
  clear(): void;
  destroy(): void;
}

export interface ComposerOptions {
  placeholder: string;
  /** Ctrl+Enter / Cmd+Enter: the host decides what sending means (the demo submits the reply form). */
  onSubmit(): void;
  onChange(state: ComposerState): void;
}

export function isDocEmpty(doc: ProseMirrorNode): boolean {
  if (doc.childCount === 0) return true;
  const only = doc.childCount === 1 ? doc.firstChild : null;
  return Boolean(only?.isTextblock && only.content.size === 0);
}

export function docToText(doc: ProseMirrorNode): string {
  // Hard breaks and other leaves become newlines, so "Hi,⏎⏎Thanks" reads back as the agent typed it.
  return doc.textBetween(0, doc.content.size, '\n', '\n');
}

export function docToHTML(doc: ProseMirrorNode, document: Document): string {
  const container = document.createElement('div');
  container.append(DOMSerializer.fromSchema(composerSchema).serializeFragment(doc.content, { document }));
  return container.innerHTML;
}

function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks ?? $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

function isInBulletList(state: EditorState): boolean {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type === bulletList) return true;
  }
  return false;
}

export function composerStateOf(state: EditorState): ComposerState {
  return {
    empty: isDocEmpty(state.doc),
    bold: isMarkActive(state, strong),
    italic: isMarkActive(state, em),
    bulletList: isInBulletList(state),
    canUndo: undoDepth(state) > 0,
    canRedo: redoDepth(state) > 0,
  };
}

/** Toggles a bullet list: wraps the selection in one, or lifts it out when it is already in one. */
const toggleBulletList: Command = (state, dispatch) =>
  isInBulletList(state) ? liftListItem(listItem)(state, dispatch) : wrapInList(bulletList)(state, dispatch);

const insertHardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(hardBreak.create()).scrollIntoView());
  return true;
});

function createPlugins(onSubmit: () => void): Plugin[] {
  const submit: Command = () => {
    onSubmit();
    return true;
  };
  return [
    history(),
    keymap({
      // Both on every platform: agents switch between Mac and PC keyboards, and helpdesks accept either.
      'Ctrl-Enter': submit,
      'Meta-Enter': submit,
      'Mod-z': undo,
      'Shift-Mod-z': redo,
      'Mod-y': redo,
      'Mod-b': toggleMark(strong),
      'Mod-i': toggleMark(em),
      'Shift-Mod-8': toggleBulletList,
      'Shift-Enter': insertHardBreak,
      Enter: splitListItem(listItem),
      'Mod-[': liftListItem(listItem),
      'Mod-]': sinkListItem(listItem),
    }),
    keymap(baseKeymap),
  ];
}

export function createComposerEditor(mount: HTMLElement, options: ComposerOptions): ComposerEditor {
  const plugins = createPlugins(options.onSubmit);
  const freshState = () => EditorState.create({ schema: composerSchema, plugins });

  const view: EditorView = new EditorView(mount, {
    state: freshState(),
    attributes: (state) => ({
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': 'Reply to the customer',
      'data-placeholder': options.placeholder,
      class: isDocEmpty(state.doc) ? 'is-empty' : '',
    }),
    dispatchTransaction(transaction) {
      view.updateState(view.state.apply(transaction));
      options.onChange(composerStateOf(view.state));
    },
  });

  const run = (command: Command) => {
    command(view.state, view.dispatch);
    view.focus();
  };

  options.onChange(composerStateOf(view.state));
  return {
    view,
    getText: () => docToText(view.state.doc),
    getHTML: () => docToHTML(view.state.doc, mount.ownerDocument),
    toggleBold: () => run(toggleMark(strong)),
    toggleItalic: () => run(toggleMark(em)),
    toggleBulletList: () => run(toggleBulletList),
    undo: () => run(undo),
    redo: () => run(redo),
    clear() {
      view.updateState(freshState());
      options.onChange(composerStateOf(view.state));
    },
    destroy: () => view.destroy(),
  };
}
