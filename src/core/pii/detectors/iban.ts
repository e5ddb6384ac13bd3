/**
 * IBAN, written compact ("GB82WEST12345698765432") or in the printed groups of four ("GB82 WEST 1234 …",
 * "DE89-3704-0044-…").
 * ibantools checks the country's length and layout and the mod-97 check digits.
 */
import { iban } from '../checksums.ts';
import { contextList } from '../context.ts';
import { memoize } from '../memo.ts';
import type { TokenDetector } from './detector.ts';

const IBAN_CONTEXT = contextList(['iban', 'bank', 'account', 'transfer', 'sepa', 'wire']);
/** Checked once per value: ibantools' layout check and mod 97 are the cost of this detector. */
const validIban = memoize(iban);
const MAX_IBAN = 34;

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
}
const isUpper = (code: number) => code >= 65 && code <= 90;
const isDigit = (code: number) => code >= 48 && code <= 57;

export const ibanCode: TokenDetector = {
  kind: 'token',
  id: 'iban',
  types: ['IBAN_CODE'],
  // "GB82" alone: the IBAN's next groups follow after spaces.
  minLength: 4,
  maxLength: MAX_IBAN,
  onToken(token, scan) {
    const value = token.value;
    // Two capital letters and two digits (/^[A-Z]{2}\d{2}/), read without a RegExp: most tokens stop here.
    if (
      !isUpper(value.charCodeAt(0)) ||
      !isUpper(value.charCodeAt(1)) ||
      !isDigit(value.charCodeAt(2)) ||
      !isDigit(value.charCodeAt(3))
    )
      return;
    const text = scan.text;
    // Gather the groups that follow after single spaces (or dashes: "DE89-3704-0044-…", one kind throughout),
    // remembering where each group ends.
    let compact = value;
    let end = token.end;
    const ends: Array<{ end: number; compact: string }> = [{ end, compact }];
    const separator = text.charCodeAt(end) === 45 ? 45 : 32;
    while (
      compact.length < MAX_IBAN &&
      text.charCodeAt(end) === separator &&
      isAlnum(text.charCodeAt(end + 1))
    ) {
      let groupEnd = end + 1;
      while (groupEnd < end + 5 && isAlnum(text.charCodeAt(groupEnd))) groupEnd++;
      if (/\w/.test(text[groupEnd] ?? '')) break; // a group of more than four: not the printed format
      compact += text.slice(end + 1, groupEnd);
      end = groupEnd;
      ends.push({ end, compact });
    }
    for (let k = ends.length - 1; k >= 0; k--) {
      const candidate = ends[k]!;
      if (candidate.compact.length < 15 || !validIban(candidate.compact)) continue;
      scan.emit({
        type: 'IBAN_CODE',
        start: token.start,
        end: candidate.end,
        detector: 'iban',
        base: 0.5,
        checksum: 'mod 97',
        context: IBAN_CONTEXT,
        needsContext: false,
        contextGiven: undefined,
        negativeApplies: true,
      });
      return;
    }
  },
};
