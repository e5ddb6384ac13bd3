/**
 * Date of birth: a date is everyone's data only when it is somebody's birth date, so this detector starts from the
 * birth word ("born", "DOB", "date of birth", "birthday") and reports the first real date written just after it.
 */
import { contextList } from '../context.ts';
import type { KeywordDetector } from './detector.ts';

const NO_CONTEXT = contextList([]);
/** The date must follow within this many characters, on the same line. */
const LOOKAHEAD = 40;

const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DATE_PATTERNS: ReadonlyArray<{ pattern: RegExp; order: 'ymd' | 'xyz' | 'dMy' | 'Mdy' }> = [
  { pattern: /(?<![\d/.-])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-]?\d)/, order: 'ymd' },
  { pattern: /(?<![\d/.-])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d/.-]?\d)/, order: 'xyz' },
  {
    pattern: new RegExp(
      `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s(?:of\\s)?${MONTH}\\.?,?\\s(\\d{4})(?!\\d)`,
      'i',
    ),
    order: 'dMy',
  },
  {
    pattern: new RegExp(`\\b${MONTH}\\.?\\s(\\d{1,2})(?:st|nd|rd|th)?,?\\s(\\d{4})(?!\\d)`, 'i'),
    order: 'Mdy',
  },
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function plausible(year: number, month: number, day: number): boolean {
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Whether the match is a calendar date: month and day in range (either order for dd/mm vs mm/dd), a sane year. */
function isDate(order: 'ymd' | 'xyz' | 'dMy' | 'Mdy', parts: string[]): boolean {
  const [a = '', b = '', c = ''] = parts;
  switch (order) {
    case 'ymd':
      return plausible(Number(a), Number(b), Number(c));
    case 'xyz': {
      const year = c.length === 2 ? 1900 + Number(c) : Number(c);
      return plausible(year, Number(a), Number(b)) || plausible(year, Number(b), Number(a));
    }
    case 'dMy':
      return plausible(Number(c), MONTHS.indexOf(b.slice(0, 3).toLowerCase()) + 1, Number(a));
    case 'Mdy':
      return plausible(Number(c), MONTHS.indexOf(a.slice(0, 3).toLowerCase()) + 1, Number(b));
  }
}

export const birthDate: KeywordDetector = {
  kind: 'keyword',
  id: 'date-of-birth',
  types: ['DATE_OF_BIRTH'],
  keywords: ['born', 'dob', 'birth', 'birthday', 'birthdate', 'bday'],
  onKeyword(keyword, _start, end, scan) {
    let windowEnd = Math.min(scan.text.length, end + LOOKAHEAD);
    const newline = scan.text.indexOf('\n', end);
    if (newline >= 0 && newline < windowEnd) windowEnd = newline;
    const window = scan.text.slice(end, windowEnd);
    let best: { start: number; end: number } | undefined;
    for (const { pattern, order } of DATE_PATTERNS) {
      const match = pattern.exec(window);
      if (!match || !isDate(order, match.slice(1))) continue;
      if (!best || match.index < best.start)
        best = { start: match.index, end: match.index + match[0].length };
    }
    if (!best) return;
    scan.emit({
      type: 'DATE_OF_BIRTH',
      start: end + best.start,
      end: end + best.end,
      detector: 'date-of-birth',
      base: 0.6,
      checksum: undefined,
      context: NO_CONTEXT,
      needsContext: false,
      contextGiven: keyword,
      negativeApplies: false,
    });
  },
};
