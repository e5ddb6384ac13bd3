/**
 * The reply composer: a ProseMirror editor with a small toolbar, inside a `<form>` whose submit sends the reply.
 * Every way of sending (the button, Ctrl/Cmd+Enter, a programmatic submit) goes through that one submit, which is
 * also where the extension's send guard can intercept it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ComposerEditor, type ComposerState, createComposerEditor } from './editor.ts';
import { BoldIcon, ItalicIcon, ListIcon, RedoIcon, SendIcon, UndoIcon } from './icons.tsx';
import type { Requester } from './model.ts';

/** What tests (and curious developers) reach through `window.demoEditor`. */
export interface DemoEditorHandle {
  view: ComposerEditor['view'];
  getText(): string;
  getHTML(): string;
}

declare global {
  interface Window {
    demoEditor?: DemoEditorHandle;
  }
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
/** "Ctrl+B" on Windows and Linux, "⌘B" on a Mac, as the platform's own menus write shortcuts. */
const shortcut = (key: string, shift = false) =>
  IS_MAC ? `${shift ? '⇧' : ''}⌘${key}` : `Ctrl+${shift ? 'Shift+' : ''}${key}`;

const INITIAL_STATE: ComposerState = {
  empty: true,
  bold: false,
  italic: false,
  bulletList: false,
  canUndo: false,
  canRedo: false,
};

function ToolButton(props: {
  label: string;
  shortcut: string;
  pressed?: boolean;
  disabled?: boolean;
  onPress(): void;
  children: ComponentChildren;
}) {
  return (
    <button
      type="button"
      class="tool-button"
      aria-label={props.label}
      title={`${props.label} (${props.shortcut})`}
      aria-pressed={props.pressed === undefined ? undefined : props.pressed}
      disabled={props.disabled}
      // Keep the focus (and the selection) in the editor while clicking the toolbar.
      onMouseDown={(event) => event.preventDefault()}
      onClick={props.onPress}
    >
      {props.children}
    </button>
  );
}

export function Composer({ requester, onSend }: { requester: Requester; onSend(html: string): void }) {
  const mount = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const editor = useRef<ComposerEditor | null>(null);
  const [state, setState] = useState<ComposerState>(INITIAL_STATE);
  const firstName = requester.name.split(' ')[0] ?? requester.name;

  useEffect(() => {
    if (!mount.current) return;
    const created = createComposerEditor(mount.current, {
      placeholder: `Reply to ${firstName}…`,
      onSubmit: () => form.current?.requestSubmit(),
      onChange: setState,
    });
    editor.current = created;
    const handle: DemoEditorHandle = {
      view: created.view,
      getText: created.getText,
      getHTML: created.getHTML,
    };
    window.demoEditor = handle;
    return () => {
      created.destroy();
      editor.current = null;
      if (window.demoEditor === handle) delete window.demoEditor;
    };
  }, [firstName]);

  const submit = (event: Event) => {
    event.preventDefault();
    const current = editor.current;
    if (!current || current.getText().trim() === '') return;
    onSend(current.getHTML());
    current.clear();
    current.view.focus();
  };

  return (
    <form class="reply" data-demo="reply-form" ref={form} onSubmit={submit}>
      <div class="reply-header">
        <span class="reply-kind">Public reply</span>
        <span class="reply-to">
          To <strong>{requester.name}</strong> &lt;{requester.email}&gt;
        </span>
      </div>
      <div class="composer" data-demo="composer" ref={mount} />
      <div class="reply-footer">
        <div class="reply-toolbar" role="toolbar" aria-label="Formatting">
          <ToolButton
            label="Bold"
            shortcut={shortcut('B')}
            pressed={state.bold}
            onPress={() => editor.current?.toggleBold()}
          >
            <BoldIcon />
          </ToolButton>
          <ToolButton
            label="Italic"
            shortcut={shortcut('I')}
            pressed={state.italic}
            onPress={() => editor.current?.toggleItalic()}
          >
            <ItalicIcon />
          </ToolButton>
          <ToolButton
            label="Bulleted list"
            shortcut={shortcut('8', true)}
            pressed={state.bulletList}
            onPress={() => editor.current?.toggleBulletList()}
          >
            <ListIcon />
          </ToolButton>
          <span class="tool-separator" aria-hidden="true" />
          <ToolButton
            label="Undo"
            shortcut={shortcut('Z')}
            disabled={!state.canUndo}
            onPress={() => editor.current?.undo()}
          >
            <UndoIcon />
          </ToolButton>
          <ToolButton
            label="Redo"
            shortcut={IS_MAC ? shortcut('Z', true) : shortcut('Y')}
            disabled={!state.canRedo}
            onPress={() => editor.current?.redo()}
          >
            <RedoIcon />
          </ToolButton>
        </div>
        <span class="reply-hint">
          <kbd>{shortcut(IS_MAC ? '↵' : 'Enter')}</kbd> to send
        </span>
        <button type="submit" class="send-button" data-demo="send" disabled={state.empty}>
          <SendIcon />
          Send
        </button>
      </div>
    </form>
  );
}
