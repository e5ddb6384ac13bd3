import { describe, expect, it } from 'vitest';
import { parseWhen, WhenSyntaxError } from '../../../src/core/workbench/when.ts';

const context: Record<string, string | number | boolean | undefined> = {
  ticket: true,
  paletteOpen: false,
  site: 'zendesk',
  problems: 3,
  client: '',
};
const evaluate = (expression: string) => parseWhen(expression)((key) => context[key]);

describe('when-clauses', () => {
  it.each([
    ['', true],
    ['ticket', true],
    ['!ticket', false],
    ['paletteOpen', false],
    ['missingKey', false],
    ['ticket && !paletteOpen', true],
    ['paletteOpen || ticket', true],
    ["site == 'zendesk'", true],
    ['site == zendesk', true],
    ['site != "zendesk"', false],
    ['problems > 2', true],
    ['problems >= 4', false],
    ['problems < 4 && problems <= 3', true],
    ['!(ticket && paletteOpen)', true],
    ['client', false],
    ['ticket && (paletteOpen || site == demo)', false],
  ])('%s → %s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it('binds && tighter than ||', () => {
    expect(evaluate('ticket || paletteOpen && missingKey')).toBe(true);
    expect(evaluate('(ticket || paletteOpen) && missingKey')).toBe(false);
  });

  it.each(['ticket &&', '(ticket', 'ticket )', 'site ==', 'a $ b', '&& ticket'])(
    'rejects "%s" with the column',
    (bad) => {
      expect(() => parseWhen(bad)).toThrow(WhenSyntaxError);
      expect(() => parseWhen(bad)).toThrow(/column \d+/);
    },
  );
});
