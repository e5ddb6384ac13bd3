// @vitest-environment happy-dom
/**
 * The loader's hold (src/content/runtime/early-hold.ts): until the main bundle's send guard listens, what may be a
 * reply being sent is held — only while some field holds text — and done again, in order, on release.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdEarly, someFieldHasText } from '../../../src/content/runtime/early-hold.ts';

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

/** A reply form: a rich composer, a subject, a send button; the page records what its handlers saw. */
function page(composerText = '') {
  document.body.innerHTML = `
    <form id="reply"><input id="subject" type="text">
      <div id="composer" contenteditable="true">${composerText}</div>
      <button id="send" type="button"><span id="label">Send</span></button>
      <button id="submit" type="submit">Submit</button>
    </form>
    <button id="other" type="button">Macros</button>`;
  const seen: string[] = [];
  document.addEventListener('click', (event) => seen.push(`click ${(event.target as Element).id}`));
  document.addEventListener('keydown', (event) =>
    seen.push(`key ${event.ctrlKey ? 'ctrl+' : ''}${event.key} ${(event.target as Element).id}`),
  );
  document.addEventListener('submit', (event) => {
    event.preventDefault();
    seen.push(`submit ${(event.target as Element).id}`);
  });
  const $ = (id: string) => document.getElementById(id)!;
  return { seen, $ };
}

const key = (target: Element, init: KeyboardEventInit) =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init }),
  );

describe('the loader’s hold', () => {
  it('holds a click on the send control while the composer has text, and does it again on release', () => {
    const { seen, $ } = page('Card 4111 1111 1111 1111');
    const hold = holdEarly();
    $('label').click();
    expect(seen).toEqual([]);
    hold.release();
    expect(seen).toEqual(['click send']);
    // Released for good: nothing is held any more, and a second release does nothing again.
    hold.release();
    $('send').click();
    expect(seen).toEqual(['click send', 'click send']);
  });

  it('holds nothing while no field holds text (there is nothing to send)', () => {
    const { seen, $ } = page('');
    const hold = holdEarly();
    $('send').click();
    expect(seen).toEqual(['click send']);
    hold.release();
    expect(seen).toEqual(['click send']);
  });

  it('holds a form submit with its submitter, Ctrl+Enter in the composer, not a plain Enter nor a click elsewhere than a control', () => {
    const { seen, $ } = page('Hello');
    const hold = holdEarly();
    ($('reply') as HTMLFormElement).requestSubmit($('submit') as HTMLButtonElement);
    key($('composer'), { key: 'Enter', ctrlKey: true });
    key($('composer'), { key: 'Enter' });
    $('composer').click();
    expect(seen).toEqual(['key Enter composer', 'click composer']);
    hold.release();
    expect(seen).toEqual(['key Enter composer', 'click composer', 'submit reply', 'key ctrl+Enter composer']);
  });

  it('sees text typed into an input, a textarea, a shadow root’s editor or a same-origin frame’s editor', () => {
    page('');
    expect(someFieldHasText(document)).toBe(false);
    (document.getElementById('subject') as HTMLInputElement).value = 'Refund';
    expect(someFieldHasText(document)).toBe(true);
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<textarea></textarea>';
    expect(someFieldHasText(document)).toBe(false);
    shadow.querySelector('textarea')!.value = 'x';
    expect(someFieldHasText(document)).toBe(true);
  });

  it('lets go by itself if nobody releases it', () => {
    vi.useFakeTimers();
    const { seen, $ } = page('Hello');
    holdEarly();
    $('send').click();
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(15_000);
    expect(seen).toEqual(['click send']);
  });

  it('drops a held click whose control the page has removed meanwhile', () => {
    const { seen, $ } = page('Hello');
    const hold = holdEarly();
    $('other').click();
    $('other').remove();
    hold.release();
    expect(seen).toEqual([]);
  });
});
