/**
 * Regular expressions that come from settings, client packs or policies (a custom site's `ticketPath` and
 * `ticketUrl`) run on re2js, whose matching time is linear in the text's length whatever the pattern. The
 * browser's own engine backtracks: `(a+)+$` over a URL a page chose (pushState makes any path) would freeze the
 * helpdesk tab. Patterns re2js cannot run in linear time (backreferences, lookaround) are refused, with a reason
 * that never quotes the pattern.
 */
import { RE2JS } from 're2js';

/** re2js itself, for the content script's custom detectors (content/guard/re2js-on-demand.ts). */
export { RE2JS };

/** What matching code needs of a pattern: the built-in adapters' RegExp literals fit it too. */
export interface LinearPattern {
  /** Group 0 (the match) and each capturing group (undefined when it took no part), or null. */
  exec(text: string): Array<string | undefined> | null;
  /** Whether the pattern matches anywhere in the text. */
  test(text: string): boolean;
}

export interface LinearPatternOptions {
  caseInsensitive?: boolean;
}

/** The re2js reason without the pattern fragment it quotes (settings errors never echo the value). */
function reasonOf(error: unknown): string {
  const described = (error as { error?: unknown }).error;
  if (typeof described === 'string' && described) return described;
  return 'not a pattern RE2 can run';
}

export class LinearPatternError extends Error {
  constructor(readonly reason: string) {
    super(`pattern refused (it must run in linear time on RE2 syntax): ${reason}`);
    this.name = 'LinearPatternError';
  }
}

/** Compiles a pattern on re2js; throws LinearPatternError (never quoting the pattern) when it cannot. */
export function compileLinearPattern(source: string, options: LinearPatternOptions = {}): LinearPattern {
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source, options.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new LinearPatternError(reasonOf(error));
  }
  return {
    exec(text) {
      const matcher = regex.matcher(text);
      if (!matcher.find()) return null;
      const groups: Array<string | undefined> = [];
      for (let group = 0; group <= matcher.groupCount(); group++)
        groups.push(matcher.group(group) ?? undefined);
      return groups;
    },
    test: (text) => regex.test(text),
  };
}

/** Why a pattern is refused, or undefined when it runs on re2js. */
export function linearPatternProblem(source: string, options: LinearPatternOptions = {}): string | undefined {
  try {
    compileLinearPattern(source, options);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
