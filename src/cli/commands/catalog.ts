/**
 * What `deskmate` says about its commands: name, one-line summary, usage and the help a person reads
 * (`deskmate help <command>`, `deskmate <command> --help`). Text only: `deskmate --help` prints this without
 * loading any command's code (index.ts loads a command when it runs), so the tool answers as fast as Node starts.
 */

export interface CommandInfo {
  /** The word after `deskmate`, e.g. `scan`. */
  name: string;
  /** One line for `deskmate help`. */
  summary: string;
  /** The usage lines, printed after a usage error too. */
  usage: string;
  /** What it does, its options, what it reads and prints, with an example. */
  help: string;
}

const JSONL_NOTE = 'JSONL: one JSON value per line; blank lines are skipped; `-` reads standard input.';

export const CATALOG = [
  {
    name: 'scan',
    summary: 'Find sensitive data (cards, ids, secrets, contact details) in a text or a JSONL file',
    usage: 'deskmate scan [--policy P] [--region XX] [--jsonl] [FILE|-]',
    help: `Prints where the data guard finds sensitive data, as the reply box would underline it. Values are never
printed, only where they are: offsets in UTF-16 code units (JavaScript string indices), end exclusive.

Options:
  --policy P    a redaction policy (JSON; see \`deskmate policy default\`); the default policy otherwise
  --region XX   the client's default country for phone numbers (two letters, e.g. US, GB, PH)
  --jsonl       the input is JSONL, one {"id", "text"} per line; one {"id", "findings"} line out per line in

Input: FILE or standard input; plain text (up to 4 MB), or JSONL with --jsonl (${JSONL_NOTE})
  {"id": "ticket-1042", "text": "My card is 4111 1111 1111 1111, call me on 020 7946 0018"}
Output (JSON): {"findings": [{"type": "CREDIT_CARD", "start": 11, "end": 30, "score": 1}, …]}
  with --jsonl, one line per input line: {"id": "ticket-1042", "findings": […]}

Example:
  echo "IBAN GB82 WEST 1234 5698 7654 32" | deskmate scan --region GB`,
  },
  {
    name: 'redact',
    summary: 'Print a text with its sensitive data masked per the redaction policy',
    usage: 'deskmate redact [--policy P] [--region XX] [FILE|-]',
    help: `Prints the text (not JSON) with every value the policy reports masked in its type's style
("**** **** **** 1111", "[API KEY]"): for sharing a ticket export or a log without the data.

Options:
  --policy P    a redaction policy (JSON); the default policy otherwise
  --region XX   the client's default country for phone numbers (two letters)

Input: FILE or standard input, plain text up to 4 MB (split larger files).

Example:
  deskmate redact --policy northwind-policy.json ticket-export.txt > ticket-export.redacted.txt`,
  },
  {
    name: 'policy',
    summary: 'Validate a redaction policy, print its JSON Schema or the default policy',
    usage: 'deskmate policy validate FILE | deskmate policy schema | deskmate policy default',
    help: `Redaction policies: what the data guard flags, warns about, masks or blocks, per type.

  policy validate FILE   {"ok": true}, or every error with its JSON path on standard error (exit 2)
  policy schema          the policy format's JSON Schema (public/schemas/redaction-policy.schema.json)
  policy default         Deskmate's default policy, a starting point for a client's own

Example of an error:
  deskmate policy: northwind.json: /types/CREDIT_CARD/action: must be one of off, flag, warn, mask, block`,
  },
  {
    name: 'sla',
    summary: 'SLA clocks per ticket and target from a policy and an event history; validate a policy',
    usage: [
      'deskmate sla --policy <policy.json> --events <events.jsonl|-> [--now <ISO time>] [--all]',
      'deskmate sla validate <policy.json>',
      'deskmate sla schema',
    ].join('\n'),
    help: `SLA clocks as the extension keeps them, in the client's business hours and holidays.

  sla --policy P --events E   one JSON line per ticket and target: due time, time left, state, breach
    --now ISO                 the moment to compute for (default: now), e.g. 2026-03-06T12:00:00Z
    --all                     every clock of each ticket (by default the latest of each target)
  sla validate P              {"ok": true}, or every error with its JSON path (exit 2)
  sla schema                  the SLA policy format's JSON Schema

Events (${JSONL_NOTE}) — times are ISO 8601 with an offset:
  {"ticket":"1042","type":"created","at":"2026-03-06T09:00:00-05:00","priority":"high"}
  {"ticket":"1042","type":"customer_message","at":"2026-03-06T09:00:00-05:00"}
  {"ticket":"1042","type":"agent_reply","at":"2026-03-06T10:12:00-05:00"}
  {"ticket":"1042","type":"status","at":"2026-03-06T10:13:00-05:00","status":"pending"}
  types: created, customer_message, agent_reply ("public": false for a note), status, priority`,
  },
  {
    name: 'suggest',
    summary:
      'Rank knowledge-base answers for customer messages (optionally after learning accepted examples)',
    usage:
      'deskmate suggest --kb <kb file> --queries <queries.jsonl|-> [--learn <learn.jsonl>] [--top N] [--lang xx] [--threshold T] [--synonyms <synonyms.json>]',
    help: `Ranks the knowledge base's answers for each customer message, as the side panel would: for measuring the
ranking on one's own data. Prints one JSON line per query, best first; "results" is empty when no answer is
confident enough.

Options:
  --kb F          any importable knowledge file (see \`deskmate help kb\`)
  --queries Q     JSONL, one {"id", "text"[, "lang"]} per line
  --learn L       JSONL, accepted suggestions learned first: {"text", "articleId"[, "lang"]}
  --top N         answers per query (default 3)
  --lang xx       the queries' language when a line does not say (two letters)
  --threshold T   the confidence needed, 0–1 (default: the extension's)
  --synonyms S    the client's synonym groups, as JSON: [["refund", "money back"], …]

${JSONL_NOTE}
  {"id": "q1", "text": "I returned the shoes two weeks ago, where is my money?"}
Output: {"id": "q1", "results": [{"id": "refund-timeline", "score": 0.82}]}`,
  },
  {
    name: 'kb',
    summary: 'Knowledge-base files: validate, normalise (import) and convert (export) any supported format',
    usage: [
      'deskmate kb import <file> [--format <format>]',
      'deskmate kb export <file> --to jsonl|csv [--format <format>]',
      'deskmate kb validate <file> [--format <format>]',
    ].join('\n'),
    help: `Knowledge files as the options page's import reads them; nothing is stored anywhere.

  kb import F     the normalised Deskmate JSONL the import would store
  kb export F     the file converted: --to jsonl or --to csv
  kb validate F   {"ok": true, "count": N}, or "line N: …" on standard error (exit 2)
  --format        deskmate-jsonl, deskmate-json, csv, zendesk, freshdesk, helpscout (detected when not given)

Deskmate JSONL, one article per line:
  {"id": "refund-timeline", "title": "Refund timeline after a return", "body": "Hi {{customer.firstName}}, …", "tags": ["refunds"], "locale": "en"}
Deskmate CSV, a header row then one article per row (columns: id, title, body, tags, locale, shortcut, folder,
group; tags separated by | , or ;):
  id,title,body,tags,locale
  refund-timeline,Refund timeline after a return,"Hi {{customer.firstName}}, …",refunds|returns,en`,
  },
  {
    name: 'settings',
    summary: 'Validate a client pack or managed settings file; resolve settings layers',
    usage:
      'deskmate settings validate FILE | deskmate settings resolve [--managed F] [--pack F] [--qa F] [--agent F]',
    help: `Settings as the extension resolves them.

  settings validate F   checks a client pack or a managed-settings file before IT publishes it
  settings resolve      the effective settings and who set each, from the layers given:
    --managed F         IT's managed settings ({"settings": {…}, "locked": [...]})
    --pack F            a client pack
    --qa F / --agent F  a QA lead's or an agent's settings ({"key": value, …})

Example:
  deskmate settings resolve --managed managed.json --agent agent.json`,
  },
  {
    name: 'extension-id',
    summary: 'Print the extension id fixed by the manifest key (for enterprise policies)',
    usage: 'deskmate extension-id [--manifest manifest.json]',
    help: `Prints {"id", "firefoxId"}: the Chrome extension id that the manifest's key fixes, which enterprise policies
name (ExtensionInstallForcelist, ExtensionSettings, 3rdparty.extensions.<id>).

  --manifest F   another manifest (default: this checkout's manifest.json)`,
  },
  {
    name: 'extension-policy',
    summary: 'Print a Chromium policy file carrying Deskmate managed settings (validated)',
    usage: 'deskmate extension-policy [--settings managed.json] [--manifest manifest.json]',
    help: `Prints a Chromium policy file (JSON) that feeds Deskmate's managed settings, ready for
/etc/chromium/policies/managed/ (or the Windows and macOS equivalents). The settings are validated first.

  --settings F   managed settings ({"settings": {…}, "locked": [...]}); none by default
  --manifest F   another manifest (default: this checkout's manifest.json)`,
  },
] as const satisfies readonly CommandInfo[];

export type CommandName = (typeof CATALOG)[number]['name'];

/** A command's usage lines (for the messages of its usage errors). */
export function usageOf(name: CommandName): string {
  return CATALOG.find((command) => command.name === name)!.usage;
}
