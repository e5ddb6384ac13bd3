/**
 * A site a client's admin (or an agent) adds for an in-house CRM or a helpdesk Deskmate has no adapter for:
 * where it runs (WebExtension match patterns, for which Deskmate asks the browser's permission at run time)
 * and, optionally, selectors for what Deskmate reads and writes. Without selectors Deskmate treats it like the
 * generic fallback: every textarea and contenteditable is guarded and can receive answers.
 */
import * as v from 'valibot';
import { linearPatternProblem } from '../linear-pattern.ts';

const MATCH_PATTERN = /^(https?|\*):\/\/(\*|(\*\.)?[a-z0-9.-]+(:\d+)?)\/.*$/i;

const selectorList = v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(300))), v.maxLength(10));

export const customSiteSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lowercase letters, digits and - (max 41)')),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  matches: v.pipe(
    v.array(v.pipe(v.string(), v.regex(MATCH_PATTERN, 'a match pattern such as https://crm.example.com/*'))),
    v.minLength(1, 'at least one match pattern'),
  ),
  /**
   * A regular expression over the URL path whose first group is the ticket id, e.g. `/cases/(\\d+)`. It runs on
   * re2js (linear time, src/core/linear-pattern.ts): a pattern re2js cannot run is refused here, with its path.
   */
  ticketPath: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(200),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const problem = linearPatternProblem(dataset.value);
        if (problem) addIssue({ message: problem });
      }),
    ),
  ),
  selectors: v.optional(
    v.object({
      ticketView: v.optional(selectorList),
      subject: v.optional(selectorList),
      requesterName: v.optional(selectorList),
      requesterEmail: v.optional(selectorList),
      priority: v.optional(selectorList),
      status: v.optional(selectorList),
      createdAt: v.optional(selectorList),
      message: v.optional(selectorList),
      messageBody: v.optional(selectorList),
      messageTime: v.optional(selectorList),
      composer: v.optional(selectorList),
      send: v.optional(selectorList),
    }),
  ),
});
export type CustomSite = v.InferOutput<typeof customSiteSchema>;

/** The origins to ask the browser for: the match patterns themselves (host permissions take the same syntax). */
export function originsOf(site: CustomSite): string[] {
  return [...new Set(site.matches)];
}
