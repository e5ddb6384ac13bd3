// @vitest-environment happy-dom
/**
 * The element picker's selectors (src/content/picker/robust-selector.ts): stable hooks over generated names,
 * unique on the page, ` >>> ` into open shadow roots and same-origin iframes, and never a value that may be
 * customer data.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { cssEscape, looksGenerated, robustSelector } from '../../../src/content/picker/robust-selector.ts';
import { firstDeep, queryAllDeep } from '../../../src/content/sites/query.ts';

const $ = (selector: string) => document.querySelector(selector)!;

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('generated names', () => {
  it.each([
    'ember1234',
    'ext-gen42',
    ':r1:',
    'react-select-3-input',
    'Button_root__3xKf9',
    'css-1x2y3z',
    'sc-bdVaJa',
    '5f2b7c9e-1d3a-4b8e-9c1f-2a3b4c5d6e7f',
    'a1b2c3d4e5f6',
    'kim@example.net',
    'ticket-4711',
  ])('%s looks generated (or like content)', (token) => {
    expect(looksGenerated(token)).toBe(true);
  });

  it.each(['reply', 'ticket-subject', 'composer', 'btn-primary', 'UpdateContent', 'message-body', 'col-2'])(
    '%s does not',
    (token) => {
      expect(looksGenerated(token)).toBe(false);
    },
  );

  it('escapes what CSS needs escaped', () => {
    expect(cssEscape('a.b')).toBe('a\\.b');
    expect(cssEscape('1a')).toBe('\\31 a');
    expect(cssEscape('reply')).toBe('reply');
  });
});

describe('a robust selector', () => {
  it('takes a stable id', () => {
    document.body.innerHTML = '<div><textarea id="reply"></textarea><textarea></textarea></div>';
    expect(robustSelector($('#reply'))).toBe('#reply');
  });

  it('skips a generated id for a test hook, then name, then aria-label', () => {
    document.body.innerHTML = `
      <textarea id="ember1234" data-testid="reply-box" name="UpdateContent"></textarea>
      <input id="ember1235" name="Subject">
      <button id=":r3:" aria-label="Send reply">›</button>
      <button id=":r4:" aria-label="Close">x</button>`;
    expect(robustSelector($('textarea'))).toBe('[data-testid="reply-box"]');
    expect(robustSelector($('input'))).toBe('input[name="Subject"]');
    expect(robustSelector($('button'))).toBe('button[aria-label="Send reply"]');
  });

  it('uses short stable class chains, never state or generated classes', () => {
    document.body.innerHTML = `
      <div class="ticket"><h1 class="title css-1x2y3z is-active">Refund</h1></div>
      <div class="sidebar"><h1 class="title big">Other</h1></div>`;
    const selector = robustSelector($('.ticket h1'));
    expect(selector).toBe('div.ticket h1.title');
    expect(selector).not.toMatch(/css-|is-active/);
    expect(document.querySelectorAll(selector)).toHaveLength(1);
    expect(robustSelector($('.sidebar h1'))).toBe('h1.big');
  });

  it('is unique among duplicates, anchored on a stable ancestor', () => {
    document.body.innerHTML = `
      <section id="ticket"><div class="field"><span class="value">High</span></div></section>
      <section id="related"><div class="field"><span class="value">Low</span></div></section>`;
    const selector = robustSelector($('#ticket .value'));
    expect(selector).toBe('#ticket span.value');
    expect(document.querySelectorAll(selector)).toHaveLength(1);
  });

  it('falls back to positions under the nearest stable ancestor when nothing else is unique', () => {
    document.body.innerHTML = '<div id="list"><p></p><p></p><p></p></div>';
    const selector = robustSelector(document.querySelectorAll('#list p')[1]!);
    expect(selector).toBe('#list > p:nth-of-type(2)');
  });

  it('never puts a value that may be customer data in a selector', () => {
    document.body.innerHTML = `
      <a data-email="kim@example.net" data-ticket="4711" aria-label="Mail 4711" class="requester">Kim</a>
      <a class="other">x</a>`;
    const selector = robustSelector($('a.requester'));
    expect(selector).toBe('a.requester');
    expect(selector).not.toMatch(/kim|4711/i);
  });

  it('for every message, matches the picked one and its likes', () => {
    document.body.innerHTML = `
      <div id="history">
        <div class="transaction" id="txn-1001"><span class="author">Kim</span></div>
        <div class="transaction" id="txn-1002"><span class="author">Alex</span></div>
      </div>`;
    const second = document.querySelectorAll('.transaction')[1]!;
    const selector = robustSelector(second, { match: 'all' });
    expect(selector).toBe('div.transaction');
    expect(document.querySelectorAll(selector)).toHaveLength(2);
  });

  it('inside a message, is relative to it and fits the other messages', () => {
    document.body.innerHTML = `
      <div class="transaction"><span class="author" id="a-1">Kim</span><time datetime="2026-01-01"></time></div>
      <div class="transaction"><span class="author" id="a-2">Alex</span><time datetime="2026-01-02"></time></div>`;
    const [first, second] = document.querySelectorAll('.transaction');
    const selector = robustSelector(second!.querySelector('.author')!, { within: second! });
    expect(selector).toBe('span.author');
    expect(first!.querySelector(selector)?.textContent).toBe('Kim');
    expect(robustSelector(second!.querySelector('time')!, { within: second! })).toBe('time');
  });

  it('steps into an open shadow root with >>>', () => {
    document.body.innerHTML = '<reply-box id="ember1"></reply-box><reply-box class="secondary"></reply-box>';
    const host = $('reply-box');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div class="toolbar"></div><div contenteditable="true" class="editor"></div>';
    const editor = shadow.querySelector('.editor')!;
    const selector = robustSelector(editor);
    expect(selector).toBe('reply-box:nth-of-type(1) >>> div.editor');
    expect(firstDeep(document, [selector])).toBe(editor);
  });

  it('steps into a same-origin iframe with >>>', () => {
    document.body.innerHTML =
      '<iframe class="cke_wysiwyg_frame" title="Rich text"></iframe><iframe class="preview"></iframe>';
    const frame = $('iframe.cke_wysiwyg_frame');
    const inner = document.implementation.createHTMLDocument('');
    inner.body.innerHTML = '<p>Hi</p>';
    inner.body.setAttribute('contenteditable', 'true');
    Object.defineProperty(frame, 'contentDocument', { value: inner });
    const selector = robustSelector(inner.body, { frameOf: (doc) => (doc === inner ? frame : null) });
    expect(selector).toBe('iframe.cke_wysiwyg_frame >>> body');
    expect(queryAllDeep(document, selector)).toEqual([inner.body]);
  });
});
