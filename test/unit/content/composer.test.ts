// @vitest-environment happy-dom
/**
 * The one composer pipeline (src/content/runtime/composer.ts): which box is the reply, what else a send takes with
 * it, and when Deskmate must say it is not guarding. Layout comes from test/unit/setup.ts (hidden / display:none
 * elements have no box, everything else does).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installSendGuard } from '../../../src/content/guard/send-guard.ts';
import {
  composerFor,
  editableSurfaces,
  sendControls,
  whyNotGuarding,
} from '../../../src/content/runtime/composer.ts';
import type { SiteAdapter } from '../../../src/content/sites/adapter.ts';
import { genericAdapter } from '../../../src/content/sites/generic.ts';
import { type RedactionPolicy, validateRedactionPolicy } from '../../../src/core/pii/index.ts';

const CARD = '4111 1111 1111 1111';

const adapter = (composer: string[], send: string[] = []): SiteAdapter => ({
  id: 'x',
  name: 'X',
  matches: [],
  selectors: { ticketView: ['main'], composer, send },
  required: ['composer'],
});

afterEach(() => {
  document.body.innerHTML = '';
  (document.activeElement as HTMLElement | null)?.blur?.();
});

/** A rich editor the way CKEditor 4 and TinyMCE mount one: a hidden textarea, the visible editor beside it. */
function richEditorPage(): { textarea: HTMLTextAreaElement; editor: HTMLElement } {
  document.body.innerHTML = `
    <main>
      <input type="search" name="q" placeholder="Search tickets">
      <form id="reply-form">
        <input name="Subject" value="Re: refund">
        <textarea name="UpdateContent" style="display: none"></textarea>
        <div class="cke"><div class="cke_editable" contenteditable="true"><p>Hello</p></div></div>
        <input type="submit" name="SubmitTicket" value="Update Ticket">
      </form>
      <button type="button">Delete ticket</button>
    </main>`;
  return {
    textarea: document.querySelector('textarea')!,
    editor: document.querySelector<HTMLElement>('.cke_editable')!,
  };
}

describe('composerFor', () => {
  it('prefers the visible editor to the hidden textarea a rich editor keeps in sync, and keeps that textarea to check on send', () => {
    const { textarea, editor } = richEditorPage();
    const found = composerFor(genericAdapter, document);
    expect(found?.editable).toBe(editor);
    expect(found?.source).toBe('generic');
    expect(found?.synced).toContain(textarea);
  });

  it('passes over an adapter variant that matches only the hidden textarea, and falls back to what the agent sees', () => {
    const { textarea, editor } = richEditorPage();
    const found = composerFor(adapter(['textarea[name="UpdateContent"]']), document);
    expect(found?.editable).toBe(editor);
    expect(found?.synced).toContain(textarea);
  });

  it("uses the adapter's composer when it is visible, even if a bigger editor is elsewhere", () => {
    document.body.innerHTML = `<main><textarea id="note" style="width: 900px"></textarea><div id="reply" contenteditable="true"></div></main>`;
    expect(composerFor(adapter(['#reply']), document)?.editable.id).toBe('reply');
    expect(composerFor(adapter(['#reply']), document)?.source).toBe('adapter');
  });

  it('follows the focus in generic mode, and never takes a search box for the reply', () => {
    document.body.innerHTML = `<main><input id="search" type="text" placeholder="Search"><textarea id="a"></textarea><textarea id="b"></textarea></main>`;
    document.querySelector<HTMLTextAreaElement>('#b')!.focus();
    expect(composerFor(genericAdapter, document)?.editable.id).toBe('b');
    document.querySelector<HTMLInputElement>('#search')!.focus();
    // The search box is not a reply box: the one the agent was last in stays the composer.
    expect(composerFor(genericAdapter, document)?.editable.id).toBe('b');
    expect(editableSurfaces(document).map((element) => element.id)).toEqual(['a', 'b']);
  });

  it('finds an editor inside an open shadow root', () => {
    document.body.innerHTML = '<main><reply-box></reply-box></main>';
    const host = document.querySelector('reply-box')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div contenteditable="true" id="inside"></div>';
    expect(composerFor(genericAdapter, document)?.editable.id).toBe('inside');
  });

  it('finds nothing on a page with no visible editor (a hidden one is not a reply box)', () => {
    document.body.innerHTML = '<main><textarea hidden></textarea><div contenteditable="false">x</div></main>';
    expect(composerFor(genericAdapter, document)).toBeUndefined();
  });
});

describe('sendControls', () => {
  it("takes the form's submit buttons and the buttons near the editor that say send, not the page's other buttons", () => {
    richEditorPage();
    const found = composerFor(genericAdapter, document);
    const controls = sendControls(genericAdapter, document, found);
    expect(controls.map((control) => control.getAttribute('name') ?? control.textContent)).toEqual([
      'SubmitTicket',
    ]);
  });

  it('finds a chat widget’s Send button that is in no form', () => {
    document.body.innerHTML = `<main><div class="chat"><div class="box"><div contenteditable="true"></div></div><div class="bar"><button aria-label="Send message">➤</button><button>Attach</button></div></div><button>Reply all</button></main>`;
    const controls = sendControls(genericAdapter, document, composerFor(genericAdapter, document));
    expect(controls.map((control) => control.getAttribute('aria-label') ?? control.textContent)).toEqual([
      'Send message',
    ]);
  });
});

describe('whyNotGuarding', () => {
  it('says plainly that the reply box was not found where the adapter says there is one', () => {
    document.body.innerHTML = '<main>ticket</main>';
    expect(whyNotGuarding(adapter(['#reply']), document, true)).toBe(
      'Not guarding: the reply box was not found — define it in Options › Sites',
    );
  });

  it('says nothing on a page that has no reply box and needs none, or once the box is there', () => {
    document.body.innerHTML = '<main>history only</main>';
    expect(whyNotGuarding(adapter(['#reply']), document, false)).toBeUndefined();
    document.body.innerHTML = '<main><textarea id="reply"></textarea></main>';
    expect(whyNotGuarding(adapter(['#reply']), document, true)).toBeUndefined();
  });
});

function policyOf(types: Record<string, unknown>): RedactionPolicy {
  const result = validateRedactionPolicy({ version: 1, types });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

describe('the send guard through the pipeline', () => {
  // (Masking inside a contenteditable needs a real browser's editing: the e2e suite does it on CKEditor and TinyMCE.
  // Here the visible editor is a plain-text one, as with Request Tracker's $MessageBoxRichText = 0.)
  it('masks a card in every field the form sends: the visible editor, the subject line and the synced hidden textarea', async () => {
    const { textarea } = richEditorPage();
    const form = document.querySelector<HTMLFormElement>('#reply-form')!;
    const subject = document.querySelector<HTMLInputElement>('input[name="Subject"]')!;
    document.querySelector('.cke')!.innerHTML = '<textarea class="plain"></textarea>';
    const editor = document.querySelector<HTMLTextAreaElement>('textarea.plain')!;
    editor.value = `Card ${CARD} noted.`;
    subject.value = `Card ${CARD}`;
    // What the page synced before: the card in the hidden field the server reads.
    textarea.value = `<p>Card ${CARD} noted.</p>`;
    const submitted: Array<{ subject: string; content: string; editor: string }> = [];
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitted.push({ subject: subject.value, content: textarea.value, editor: editor.value });
    });
    const asked: string[] = [];
    const controller = new AbortController();
    const policy = policyOf({ CREDIT_CARD: { action: 'mask', masking: 'last4' } });
    const guard = installSendGuard({
      site: genericAdapter,
      signal: controller.signal,
      policy: () => policy,
      ask: async (request) => {
        asked.push(request.problem ?? request.verdict);
        return { send: false };
      },
      record: () => {},
    });
    document.querySelector<HTMLInputElement>('input[name="SubmitTicket"]')!.click();
    await expect.poll(() => submitted.length + asked.length, { timeout: 5_000 }).toBe(1);
    expect(asked).toEqual([]);
    expect(guard.busy).toBe(false);
    for (const value of Object.values(submitted[0]!)) {
      expect(value).not.toContain(CARD);
      expect(value).toContain('1111');
    }
    controller.abort();
  });
});
