// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GuardView, paragraphsKept } from '../../../src/content/guard/guard-view.ts';
import { demoAdapter as demoSite } from '../../../src/content/sites/demo.ts';
import { genericAdapter } from '../../../src/content/sites/generic.ts';
import { defaultPolicy } from '../../../src/core/pii/index.ts';

const DEMO_ADAPTER = demoSite('127.0.0.1:5178');

const CARD = '4111 1111 1111 1111';

function page(reply: string) {
  document.body.innerHTML = `
    <div data-demo="ticket-view" data-ticket-id="1046">
      <div data-demo="conversation">
        <div data-demo="message" data-author-role="customer"><div data-demo="message-body">Card is ${CARD}, thanks</div></div>
        <div data-demo="message" data-author-role="agent"><div data-demo="message-body">Never send ${CARD} here</div></div>
      </div>
      <div data-demo="composer"><div contenteditable="true"><p>${reply}</p></div></div>
    </div>`;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the guard view (scanning glue)', () => {
  it('finds the reply’s values and the customer’s (not the agent’s) messages, read-only', () => {
    page(`Your card ${CARD} is declined, write to jane@example.com`);
    const view = new GuardView({
      site: DEMO_ADAPTER,
      policy: defaultPolicy,
      exempt: () => false,
      onUpdate: () => {},
    });
    const state = view.run();
    expect(state.composer.map((l) => [l.finding.type, l.finding.action])).toEqual([
      ['CREDIT_CARD', 'mask'],
      ['EMAIL_ADDRESS', 'flag'],
    ]);
    expect(state.messages.map((l) => [l.source, l.finding.type])).toEqual([['message', 'CREDIT_CARD']]);
  });

  it('leaves out what the agent allowed once or reported as not sensitive', () => {
    page(`Card ${CARD}`);
    const view = new GuardView({
      site: DEMO_ADAPTER,
      policy: defaultPolicy,
      exempt: (text, finding) => text.slice(finding.start, finding.end) === CARD,
      onUpdate: () => {},
    });
    expect(view.run().composer).toEqual([]);
  });

  it('re-scans the reply when the editor changes it without an input event (a paste it handled)', () => {
    page('Hello');
    const view = new GuardView({
      site: DEMO_ADAPTER,
      policy: defaultPolicy,
      exempt: () => false,
      onUpdate: () => {},
    });
    expect(view.run().composer).toEqual([]);
    const paragraph = document.querySelector('[contenteditable] p')!;
    paragraph.textContent = `Hello ${CARD}`;
    view.mutated([{ target: paragraph } as unknown as MutationRecord]);
    expect(view.run().composer.map((l) => l.finding.type)).toEqual(['CREDIT_CARD']);
  });

  it('clears a value the editor deleted by changing a text node only (no input event, no childList change)', async () => {
    // CKEditor 5 and Lexical handle Backspace in beforeinput and then edit the text node's data.
    page(`Card ${CARD} please`);
    const updates: number[] = [];
    const view = new GuardView({
      site: DEMO_ADAPTER,
      policy: defaultPolicy,
      exempt: () => false,
      onUpdate: (state) => updates.push(state.composer.length),
    });
    expect(view.run().composer.map((l) => l.finding.type)).toEqual(['CREDIT_CARD']);
    const text = document.querySelector('[contenteditable] p')!.firstChild as Text;
    text.data = 'Card ';
    await expect.poll(() => updates.at(-1)).toBe(0);
    view.dispose();
  });

  it('keeps the reply box it found while the page changes elsewhere, without looking for it again', () => {
    page(`Card ${CARD}`);
    const view = new GuardView({
      site: DEMO_ADAPTER,
      policy: defaultPolicy,
      exempt: () => false,
      onUpdate: () => {},
    });
    expect(view.run().composer).toHaveLength(1);
    const search = vi.spyOn(view, 'composer');
    const conversation = document.querySelector('[data-demo="conversation"]')!;
    for (let batch = 0; batch < 5; batch++) {
      const note = document.createElement('div');
      note.textContent = `typing… ${batch}`;
      conversation.append(note);
      view.mutated([{ target: conversation } as unknown as MutationRecord]);
      expect(view.run().composer).toHaveLength(1);
    }
    expect(search).not.toHaveBeenCalled();
  });

  it('looks again when the box it found is hidden by a rich editor that takes its place (CKEditor over its textarea)', () => {
    // The generic pipeline, as on a custom site: at first only the plain textarea is there.
    document.body.innerHTML = '<form><textarea name="content"></textarea></form>';
    const textarea = document.querySelector('textarea')!;
    textarea.value = `Card ${CARD}`;
    const view = new GuardView({
      site: genericAdapter,
      policy: defaultPolicy,
      exempt: () => false,
      onUpdate: () => {},
    });
    expect(view.run().composer).toHaveLength(1);
    expect(view.composer()).toBe(textarea);
    // The editor starts: it hides the textarea (keeping it in sync) and shows its own editable.
    textarea.style.display = 'none';
    const editor = document.createElement('div');
    editor.contentEditable = 'true';
    editor.innerHTML = `<p>Refund to ${CARD}</p>`;
    document.querySelector('form')!.prepend(editor);
    view.mutated([{ target: document.querySelector('form')! } as unknown as MutationRecord]);
    const state = view.run();
    expect(state.composer.map((line) => line.finding.type)).toEqual(['CREDIT_CARD']);
    expect(view.composer()).toBe(editor);
  });
});

describe('what the last placement still holds after an edit', () => {
  it('keeps the paragraphs before the first change, never the changed one or any after it', () => {
    const before = 'Hi Jane,\ncard 4111 1111 1111 1111 on file\nthanks';
    expect(paragraphsKept(before, `${before}!`)).toBe(before.lastIndexOf('\n') + 1);
    // Typed in the middle of the second paragraph: only the first holds (the second may rewrap or re-align).
    expect(paragraphsKept(before, before.replace('on file', 'on my file'))).toBe('Hi Jane,\n'.length);
    expect(paragraphsKept(before, `X${before}`)).toBe(0);
    expect(paragraphsKept(before, before)).toBe(before.length);
    expect(paragraphsKept('', 'a')).toBe(0);
  });
});
