// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are snippet syntax (`${1:x}`), not template literals.
import { describe, expect, it } from 'vitest';
import {
  escapeSnippetText,
  expandSnippet,
  MissingVariablesError,
  missingVariables,
  parseSnippet,
} from '../../../src/core/knowledge/snippet.ts';

const values = {
  'customer.first_name': 'Ana',
  'customer.email': 'ana@example.com',
  'agent.name': 'Sam Lee',
  'ticket.id': '4821',
  'ticket.subject': 'Refund',
  'client.name': 'Acme',
};

describe('snippets', () => {
  it('places tab stops with defaults, mirrors and the final cursor', () => {
    const expanded = expandSnippet(
      parseSnippet('Hi ${1:there}, your ${2:order} ($1) ships today.$0 Bye'),
      {},
    );
    expect(expanded.text).toBe('Hi there, your order (there) ships today. Bye');
    expect(expanded.tabStops).toEqual([
      {
        index: 1,
        ranges: [
          { start: 3, end: 8 },
          { start: 22, end: 27 },
        ],
      },
      { index: 2, ranges: [{ start: 15, end: 20 }] },
    ]);
    expect(expanded.finalCursor).toBe(expanded.text.indexOf(' Bye'));
  });

  it('offers choices, inserting the first', () => {
    const expanded = expandSnippet(parseSnippet('Ships in ${1|2,3\\,5|} days'), {});
    expect(expanded.text).toBe('Ships in 2 days');
    expect(expanded.tabStops[0]).toEqual({
      index: 1,
      ranges: [{ start: 9, end: 10 }],
      choices: ['2', '3,5'],
    });
  });

  it('keeps escaped and stray dollars literal, and puts the cursor at the end without $0', () => {
    const expanded = expandSnippet(parseSnippet('A \\$5 fee, or $ more, ${oops}'), {});
    expect(expanded.text).toBe('A $5 fee, or $ more, ${oops}');
    expect(expanded.tabStops).toEqual([]);
    expect(expanded.finalCursor).toBe(expanded.text.length);
  });

  it('nests placeholders', () => {
    const expanded = expandSnippet(parseSnippet('${1:Dear ${2:customer}}!'), {});
    expect(expanded.text).toBe('Dear customer!');
    expect(expanded.tabStops.map((stop) => stop.ranges[0])).toEqual([
      { start: 0, end: 13 },
      { start: 5, end: 13 },
    ]);
  });

  it('fills page variables, with Zendesk, Freshdesk and Help Scout names as aliases', () => {
    const body =
      '{{customer.first_name}} / {{ticket.requester.first_name}} / {{ticket.requester.firstname}} / ' +
      '{%customer.firstName%} / {{current_user.name}} / {{ticket.agent.name}} / #{{ticket.id}} {{ticket.title}}';
    const parsed = parseSnippet(body);
    expect(parsed.variables).toEqual(['customer.first_name', 'agent.name', 'ticket.id', 'ticket.subject']);
    expect(expandSnippet(parsed, values).text).toBe(
      'Ana / Ana / Ana / Ana / Sam Lee / Sam Lee / #4821 Refund',
    );
  });

  it('lists the variables the page does not give, so a form can ask for them', () => {
    const parsed = parseSnippet(
      'Hi {{customer.first_name}}, {{agent.name}} from {{client.name}} {%user.firstName,fallback=us%}',
    );
    expect(missingVariables(parsed, { 'customer.first_name': '  ', 'ticket.requester.name': 'x' })).toEqual([
      'customer.first_name',
      'agent.name',
      'client.name',
    ]);
    expect(() => expandSnippet(parsed, {})).toThrow(MissingVariablesError);
    expect(expandSnippet(parsed, values).text).toBe('Hi Ana, Sam Lee from Acme us');
  });

  it('accepts variable values given under an alias', () => {
    const parsed = parseSnippet('{{customer.email}}');
    expect(expandSnippet(parsed, { 'ticket.requester.email': 'b@example.com' }).text).toBe('b@example.com');
  });

  it('escapes foreign text so it expands to itself', () => {
    const foreign = 'Costs $5 \\$ or ${1:x} \\} {{ticket.id}}';
    const expanded = expandSnippet(parseSnippet(escapeSnippetText(foreign)), {
      'ticket.id': '{{ticket.id}}',
    });
    expect(expanded.text).toBe(foreign);
    expect(expanded.tabStops).toEqual([]);
  });
});
