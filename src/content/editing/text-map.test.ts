// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildTextMap, readText } from './text-map.ts';

function editable(html: string): HTMLElement {
  document.body.innerHTML = `<div contenteditable="true">${html}</div>`;
  return document.body.firstElementChild as HTMLElement;
}

describe('readText', () => {
  test('a textarea is its value', () => {
    document.body.innerHTML = '<textarea></textarea>';
    const textarea = document.querySelector('textarea')!;
    textarea.value = 'line one\nline two';
    expect(readText(textarea)).toBe('line one\nline two');
  });

  test.each([
    ['paragraphs become lines', '<p>Hello</p><p>World</p>', 'Hello\nWorld'],
    [
      'nested blocks give one break, not several',
      '<div><p>Hello</p></div><div><div><p>World</p></div></div>',
      'Hello\nWorld',
    ],
    ['inline formatting stays on its line', '<p>Card <strong>4111</strong> <em>ok</em></p>', 'Card 4111 ok'],
    ['a <br> inside a line is a line break', '<p>one<br>two</p>', 'one\ntwo'],
    [
      'an empty paragraph (placeholder <br>) is a blank line',
      '<p>one</p><p><br></p><p>two</p>',
      'one\n\ntwo',
    ],
    [
      "ProseMirror's trailing break is not a line",
      '<p>one<br class="ProseMirror-trailingBreak"></p><p>two</p>',
      'one\ntwo',
    ],
    ["CKEditor's inline filler is left out", '<p>\u2060\u2060\u2060\u2060\u2060\u2060\u2060Hi</p>', 'Hi'],
    [
      "Slate's empty line (zero-width placeholder) is a blank line",
      '<p><span data-slate-zero-width="n">\ufeff<br></span></p><p>x</p>',
      '\nx',
    ],
    ['a zero-width filler alone is not text', '<p>a<span>\ufeff</span>b</p>', 'ab'],
    ['scripts and styles are not text', '<p>a<style>p{}</style><script>1</script>b</p>', 'ab'],
    ['plain text with <br>s (a bare contenteditable)', 'one<br>two<br>', 'one\ntwo'],
  ])('%s', (_name, html, expected) => {
    expect(readText(editable(html))).toBe(expected);
  });
});

describe('the offset ↔ DOM mapping', () => {
  test('an offset before a line break ends the line, an offset after it starts the next one', () => {
    const root = editable('<p>ab</p><p>cd</p>');
    const map = buildTextMap(root);
    const [first, second] = root.querySelectorAll('p');
    expect(map.textOffsetToDomPosition(2)).toEqual({ node: first!.firstChild, offset: 2 });
    expect(map.textOffsetToDomPosition(3)).toEqual({ node: second!.firstChild, offset: 0 });
  });

  test('a caret in an empty paragraph maps to that paragraph and back', () => {
    const root = editable('<p>a</p><p><br></p><p>b</p>');
    const map = buildTextMap(root);
    const empty = root.querySelectorAll('p')[1]!;
    expect(map.textOffsetToDomPosition(2)).toEqual({ node: empty, offset: 0 });
    expect(map.domPositionToTextOffset(empty, 0)).toBe(2);
  });

  test('offsets outside the text are clamped', () => {
    const root = editable('<p>abc</p>');
    const map = buildTextMap(root);
    expect(map.textOffsetToDomPosition(-5)).toEqual({ node: root.querySelector('p')!.firstChild, offset: 0 });
    expect(map.textOffsetToDomPosition(99)).toEqual({ node: root.querySelector('p')!.firstChild, offset: 3 });
  });

  test('an empty editable maps every offset to its start', () => {
    const root = editable('');
    expect(buildTextMap(root).textOffsetToDomPosition(0)).toEqual({ node: root, offset: 0 });
  });

  // Documents the way editors build them: paragraphs of text runs, some bold, some split by <br>, some empty.
  const run = fc.oneof(
    fc.stringMatching(/^[a-z0-9 ]{1,6}$/).map((text) => ({ html: text, text })),
    fc.stringMatching(/^[a-z]{1,4}$/).map((text) => ({ html: `<strong>${text}</strong>`, text })),
  );
  const paragraph = fc.array(fc.array(run, { minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 2 });
  const documentShape = fc.array(paragraph, { minLength: 1, maxLength: 5 });

  test('every offset maps to a DOM position and back to itself, and ranges cover exactly their text', () => {
    fc.assert(
      fc.property(documentShape, (paragraphs) => {
        const html = paragraphs
          .map((lines) =>
            lines.length === 0
              ? '<p><br></p>'
              : `<p>${lines.map((runs) => runs.map((r) => r.html).join('')).join('<br>')}</p>`,
          )
          .join('');
        const expected = paragraphs
          .map((lines) => lines.map((runs) => runs.map((r) => r.text).join('')).join('\n'))
          .join('\n');
        const map = buildTextMap(editable(html));
        expect(map.text).toBe(expected);
        for (let offset = 0; offset <= map.text.length; offset++) {
          const position = map.textOffsetToDomPosition(offset);
          expect(map.domPositionToTextOffset(position.node, position.offset)).toBe(offset);
        }
        for (let start = 0; start < map.text.length; start += 3) {
          const end = Math.min(map.text.length, start + 5);
          // A DOM range's own text has no line breaks between blocks; everything else must match.
          expect(map.rangeFor(start, end).toString()).toBe(map.text.slice(start, end).replace(/\n/g, ''));
        }
      }),
      { numRuns: 60 },
    );
  });
});
