/**
 * No error quotes the input (issue #12, finding 13). Secrets sit in every malformed position — a bad JSON
 * token, a field of the wrong type, an unknown enum value, an unknown field, binary bytes, bad CSV quoting — and
 * are fed to every CLI command that reads a file, to the importers and validators behind the options page, and
 * to the worker's router. The errors must say what and where; none may contain the secret.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from '../../../src/background/router.ts';
import { SettingsService } from '../../../src/background/settings-service.ts';
import { main } from '../../../src/cli/main.ts';
import { importArticles } from '../../../src/core/knowledge/index.ts';
import { validateRedactionPolicy } from '../../../src/core/pii/policy/validate.ts';
import { parseClientPack } from '../../../src/core/settings/client-pack.ts';
import { findSetting, validateSetting } from '../../../src/core/settings/definitions.ts';
import { resolveSettings } from '../../../src/core/settings/layers.ts';
import { parseManaged } from '../../../src/core/settings/managed.ts';
import { importSlaPolicy, parseEventsJsonl, validateSlaPolicy } from '../../../src/core/sla/index.ts';
import { memoryStorage } from '../background/memory-storage.ts';
import { memoryIO } from './memory-io.ts';

const CARD = '4111111111111111';
const TOKEN = 'SECRET-abc';
const PASSWORD = 'hunter2pass';
/** What must never show: the secrets, or enough of the card to matter. */
const LEAKS = [CARD, '41111', TOKEN, 'SECRET', PASSWORD, 'hunter2'];

function expectNoLeak(text: string): void {
  for (const leak of LEAKS) expect(text, `error text quotes "${leak}"`).not.toContain(leak);
}

const dir = mkdtempSync(join(tmpdir(), 'deskmate-no-echo-'));
let fileCount = 0;
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${++fileCount}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** Bytes that are not UTF-8 text, with the secrets in between. */
const BINARY = Buffer.concat([
  Buffer.from([0xff, 0x00]),
  Buffer.from(`${CARD} ${TOKEN}\u0000${PASSWORD} `),
  Buffer.from([0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x80]),
  Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
  Buffer.from('\n{"x": '),
  Buffer.from(CARD),
]);

const SLA_POLICY = readFileSync(new URL('../../fixtures/sla/acme-policy.json', import.meta.url), 'utf8');
const GOOD_KB = file('kb.jsonl', '{"id":"refund","title":"Refund","body":"We refund within 5 days."}\n');

/** Malformed knowledge-base files, each with the secrets where the parser stumbles. */
const KNOWLEDGE_FILES: Array<[string, string | Buffer]> = [
  ['bad-token.jsonl', `{"id":"1","title":"t","body":"b"}\ncard ${CARD} ${TOKEN} ${PASSWORD}\n`],
  ['bad-token-in-object.jsonl', `{"id":"1","title":"t","body":${CARD} ${TOKEN}}\n`],
  ['unterminated.jsonl', `{"id":"1","title":"t","body":"${CARD} ${TOKEN} ${PASSWORD}\n`],
  ['wrong-types.jsonl', `{"id":"1","title":${CARD},"body":"b","tags":"${TOKEN}","locale":"${PASSWORD}"}\n`],
  ['wrong-types-2.jsonl', `{"id":{"x":"${TOKEN}"},"title":["${PASSWORD}"],"body":${CARD}}\n`],
  ['bad-shortcut.jsonl', `{"id":"1","title":"t","body":"b","shortcut":"${TOKEN} ${PASSWORD} ${CARD}"}\n`],
  [
    'duplicate-ids.jsonl',
    `{"id":"${TOKEN}","title":"t","body":"b"}\n{"id":"${TOKEN}","title":"t","body":"b"}\n`,
  ],
  ['bad-document.json', `[{"id": "1", "title": ${TOKEN}, "body": "${CARD}"}]`],
  ['bad-document-end.json', `[{"id": "1", "title": "${PASSWORD}", "body": "${CARD}`],
  ['zendesk.json', `{"macros":[{"id":"${TOKEN}","title":${CARD},"actions":"${PASSWORD}"}]}`],
  ['freshdesk.json', `{"canned_responses":[{"id":1,"title":"${TOKEN}","message_html":${CARD}}]}`],
  ['quotes.csv', `id,title,body\n1,"${TOKEN},${PASSWORD}\n`],
  ['bad-quote.csv', `id,title,body\n1,${TOKEN}"${PASSWORD}",${CARD}\n2,"${CARD}"x,"${TOKEN}"\n`],
  ['cells.csv', `id,title,body\n${CARD},${TOKEN}\n`],
  ['header.csv', `id,title,body,${TOKEN},${TOKEN}\n1,a,b,c,d\n`],
  ['binary.jsonl', BINARY],
  ['binary.csv', BINARY],
  ['binary.json', BINARY],
];

const SLA_EVENTS: Array<[string, string | Buffer]> = [
  ['bad-token.jsonl', `{"ticket":"1","type":"created","at":"2026-03-06T09:00:00-05:00"}\n${CARD} ${TOKEN}\n`],
  ['unknown-type.jsonl', `{"ticket":"1","type":"${TOKEN}","at":"2026-03-06T09:00:00-05:00"}\n`],
  [
    'unknown-field.jsonl',
    `{"ticket":"1","type":"created","at":"2026-03-06T09:00:00-05:00","${PASSWORD}":1}\n`,
  ],
  ['wrong-types.jsonl', `{"ticket":${CARD},"type":"created","at":"${TOKEN}","priority":["${PASSWORD}"]}\n`],
  ['bad-time.jsonl', `{"ticket":"1","type":"status","at":"${CARD}","status":{"x":"${TOKEN}"}}\n`],
  ['not-object.jsonl', `"${TOKEN} ${CARD}"\n[${CARD}]\n`],
  ['binary.jsonl', BINARY],
];

interface PolicyDraft {
  calendar: Record<string, unknown>;
  targets: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

function slaPolicyWith(change: (policy: PolicyDraft) => void): string {
  const policy = JSON.parse(SLA_POLICY);
  change(policy);
  return JSON.stringify(policy);
}

const SLA_POLICIES: Array<[string, string | Buffer]> = [
  ['time-zone.json', slaPolicyWith((p) => (p.calendar.timeZone = TOKEN))],
  ['holidays.json', slaPolicyWith((p) => (p.calendar.holidays = { country: PASSWORD, region: TOKEN }))],
  ['region.json', slaPolicyWith((p) => (p.calendar.holidays = { country: 'US', region: 'SEC' }))],
  ['hours.json', slaPolicyWith((p) => (p.calendar.weeklyHours = { mon: [`${CARD}-${TOKEN}`] }))],
  ['targets.json', slaPolicyWith((p) => (p.targets[0]!.minutes = TOKEN))],
  ['priority.json', slaPolicyWith((p) => (p.defaultPriority = PASSWORD))],
  ['metric.json', slaPolicyWith((p) => (p.targets[0]!.metric = TOKEN))],
  ['unknown-field.json', slaPolicyWith((p) => (p[PASSWORD] = CARD))],
  ['bad-json.json', `{"version": 1, "name": ${TOKEN} ${CARD}}`],
  ['binary.json', BINARY],
];

const REDACTION_POLICIES: Array<[string, string | Buffer]> = [
  ['action.json', `{"version":1,"types":{"CREDIT_CARD":{"action":"${TOKEN}"}}}`],
  ['masking.json', `{"version":1,"types":{"CREDIT_CARD":{"action":"mask","masking":"${PASSWORD}"}}}`],
  ['unknown-type.json', `{"version":1,"types":{"${TOKEN}":{"action":"block"}}}`],
  ['score.json', `{"version":1,"types":{"CREDIT_CARD":{"action":"mask","minScore":"${CARD}"}}}`],
  ['unknown-field.json', `{"version":1,"${PASSWORD}":"${CARD}"}`],
  [
    'detector.json',
    `{"version":1,"customDetectors":[{"id":"${TOKEN}","type":"${PASSWORD}","pattern":"(?<=${CARD})x\\\\1"},{"id":"${TOKEN}","type":"${PASSWORD}","pattern":"a"}]}`,
  ],
  [
    'allow.json',
    `{"version":1,"allow":[{"value":"${CARD}","types":["${TOKEN}"]},{"pattern":"(${PASSWORD}"}]}`,
  ],
  ['version.json', `{"version":"${TOKEN}"}`],
  ['bad-json.json', `{"version":1,"types":{"CREDIT_CARD":${CARD} ${TOKEN}}}`],
  ['binary.json', BINARY],
];

const SETTINGS_FILES: Array<[string, string | Buffer]> = [
  [
    'managed-values.json',
    `{"settings":{"agent.name":${CARD},"enabled":"${TOKEN}","guard.auditRetentionDays":"${PASSWORD}"}}`,
  ],
  ['managed-clients.json', `{"clients":[{"id":${CARD},"name":["${TOKEN}"],"matches":"${PASSWORD}"}]}`],
  ['managed-shape.json', `{"settings":"${TOKEN}","locked":"${PASSWORD}","clients":"${CARD}"}`],
  [
    'managed-policy.json',
    `{"settings":{"guard.policy":{"version":1,"types":{"CREDIT_CARD":{"action":"${TOKEN}"}}},"sla.policy":{"calendar":"${PASSWORD}"}}}`,
  ],
  [
    'pack.json',
    `{"format":"deskmate-client-pack","version":1,"client":{"id":"c","name":${CARD},"matches":["${TOKEN}"]},"settings":{"knowledge.synonyms":[["${PASSWORD}",${CARD}]]}}`,
  ],
  ['bad-json.json', `{"settings": {"agent.name": ${TOKEN}}}`],
  ['binary.json', BINARY],
];

/** Runs the CLI and returns everything it printed, on stdout and stderr. */
async function cli(args: string[], stdin = ''): Promise<{ code: number; printed: string }> {
  const io = memoryIO(stdin);
  const code = await main(args, io);
  return { code, printed: [...io.out, ...io.err].join('\n') };
}

describe('the command line never quotes its input in an error', () => {
  it.each(KNOWLEDGE_FILES)('kb validate / import / export, and suggest --kb: %s', async (name, content) => {
    const path = file(name, content);
    for (const args of [
      ['kb', 'validate', path],
      ['kb', 'import', path],
      ['kb', 'export', path, '--to', 'csv'],
      ['suggest', '--kb', path, '--queries', file('q.jsonl', '{"id":1,"text":"refund"}\n')],
    ]) {
      const { code, printed } = await cli(args);
      expect(code, `${args.join(' ')} fails`).toBe(2);
      expect(printed).toMatch(
        /line \d+|not valid JSON|malformed|unrecognised|empty file|header|binary data, not text/,
      );
      expectNoLeak(printed);
    }
  });

  it.each(SLA_EVENTS)('sla --events: %s', async (name, content) => {
    const { code, printed } = await cli([
      'sla',
      '--policy',
      file('policy.json', SLA_POLICY),
      '--events',
      file(name, content),
      '--now',
      '2026-03-09T10:00:00-04:00',
    ]);
    expect(code).toBe(2);
    expect(printed).toMatch(/line \d+: |: binary data, not text/);
    expectNoLeak(printed);
  });

  it.each(SLA_POLICIES)('sla validate and sla --policy: %s', async (name, content) => {
    const path = file(name, content);
    const events = file('events.jsonl', '{"ticket":"1","type":"created","at":"2026-03-06T09:00:00-05:00"}\n');
    for (const args of [
      ['sla', 'validate', path],
      ['sla', '--policy', path, '--events', events],
    ]) {
      const { code, printed } = await cli(args);
      expect(code, `${args.join(' ')} fails`).toBe(2);
      expectNoLeak(printed);
    }
  });

  it.each(REDACTION_POLICIES)(
    'policy validate, scan --policy, redact --policy: %s',
    async (name, content) => {
      const path = file(name, content);
      for (const args of [
        ['policy', 'validate', path],
        ['scan', '--policy', path, '-'],
        ['redact', '--policy', path, '-'],
      ]) {
        const { code, printed } = await cli(args, 'hello');
        expect(code, `${args.join(' ')} fails`).toBe(2);
        expectNoLeak(printed);
      }
    },
  );

  it.each(SETTINGS_FILES)('settings validate / resolve, extension-policy: %s', async (name, content) => {
    const path = file(name, content);
    for (const args of [
      ['settings', 'validate', path],
      ['settings', 'resolve', '--managed', path],
      ['settings', 'resolve', '--pack', path],
      ['extension-policy', '--settings', path],
    ]) {
      const { printed } = await cli(args);
      expectNoLeak(printed);
    }
    const validated = await cli(['settings', 'validate', path]);
    expect(validated.code).toBe(2);
  });

  it('scan --jsonl: a bad line, a wrong type, binary bytes', async () => {
    for (const input of [
      `{"id":1,"text":"fine"}\n${CARD} ${TOKEN}\n`,
      `{"id":1,"text":${CARD}}\n`,
      `{"id":1,"text":"${TOKEN}`,
      `["${PASSWORD}", "${CARD}"]\n`,
      BINARY.toString('latin1'),
    ]) {
      const viaFile = await cli(['scan', '--jsonl', file('scan.jsonl', input)]);
      const viaStdin = await cli(['scan', '--jsonl', '-'], input);
      for (const { code, printed } of [viaFile, viaStdin]) {
        expect(code).toBe(2);
        expect(printed).toMatch(/line \d+: |: binary data, not text/);
        expectNoLeak(printed);
      }
    }
  });

  it('suggest: bad queries, bad learned examples, bad synonyms', async () => {
    const cases: string[][] = [
      ['--queries', file('q.jsonl', `{"id":1,"text":"refund"}\n${TOKEN} ${CARD}\n`)],
      ['--queries', file('q.jsonl', `{"id":{"a":"${TOKEN}"},"text":${CARD}}\n`)],
      ['--queries', file('q.jsonl', `{"id":1,"text":"t","lang":["${PASSWORD}"]}\n`)],
      ['--queries', file('q.jsonl', BINARY.toString('latin1'))],
      [
        '--queries',
        file('q.jsonl', '{"id":1,"text":"t"}\n'),
        '--learn',
        file('l.jsonl', `{"text":"${PASSWORD}","articleId":"${TOKEN}"}\n`),
      ],
      [
        '--queries',
        file('q.jsonl', '{"id":1,"text":"t"}\n'),
        '--learn',
        file('l.jsonl', `{"text":${CARD}}\n`),
      ],
      [
        '--queries',
        file('q.jsonl', '{"id":1,"text":"t"}\n'),
        '--synonyms',
        file('s.json', `[["a", ${TOKEN}]]`),
      ],
      [
        '--queries',
        file('q.jsonl', '{"id":1,"text":"t"}\n'),
        '--synonyms',
        file('s.json', `[["a", ${CARD}]]`),
      ],
      [
        '--queries',
        file('q.jsonl', '{"id":1,"text":"t"}\n'),
        '--synonyms',
        file('s.json', `{"${TOKEN}": "${PASSWORD}"}`),
      ],
    ];
    for (const extra of cases) {
      const { code, printed } = await cli(['suggest', '--kb', GOOD_KB, ...extra]);
      expect(code, extra.join(' ')).toBe(2);
      expectNoLeak(printed);
    }
  });

  it('arguments: an unknown command, option or value is not repeated either', async () => {
    for (const args of [
      [TOKEN],
      ['kb', TOKEN, GOOD_KB],
      ['policy', 'validate', 'x', PASSWORD],
      ['scan', `--${PASSWORD}`],
      ['suggest', CARD],
      ['sla', '--policy', 'p', '--events', 'e', '--now', TOKEN],
      ['scan', '--region', PASSWORD],
      ['settings', TOKEN],
    ]) {
      const { code, printed } = await cli(args);
      expect(code, args.join(' ')).toBe(2);
      expectNoLeak(printed);
    }
  });
});

describe('the importers and validators behind the options page never quote their input', () => {
  it.each(KNOWLEDGE_FILES)('knowledge import: %s', async (name, content) => {
    const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
    const result = await importArticles(text, { fileName: name });
    expect(result.ok).toBe(false);
    expectNoLeak(JSON.stringify(result));
  });

  it('SLA events, SLA and redaction policies, settings, client packs', () => {
    const decode = (content: string | Buffer) =>
      typeof content === 'string' ? content : new TextDecoder().decode(content);
    for (const [, content] of SLA_EVENTS) {
      const result = parseEventsJsonl(decode(content));
      expect(result.ok).toBe(false);
      expectNoLeak(JSON.stringify(result));
    }
    for (const [, content] of SLA_POLICIES) {
      const result = importSlaPolicy(decode(content));
      expect(result.ok).toBe(false);
      expectNoLeak(JSON.stringify(result));
    }
    for (const [, content] of REDACTION_POLICIES) {
      let json: unknown;
      try {
        json = JSON.parse(decode(content));
      } catch {
        continue;
      }
      const result = validateRedactionPolicy(json);
      expect(result.ok).toBe(false);
      expectNoLeak(JSON.stringify(result));
      // The same policy as a setting, as the options page's policy editor checks it.
      expectNoLeak(JSON.stringify(validateSetting(findSetting('guard.policy')!, json)));
    }
    for (const [, content] of SETTINGS_FILES) {
      let json: unknown;
      try {
        json = JSON.parse(decode(content));
      } catch {
        continue;
      }
      const managed = parseManaged(json);
      expectNoLeak(JSON.stringify(managed.errors));
      expectNoLeak(JSON.stringify(resolveSettings({ managed: managed.layer }).warnings));
      expectNoLeak(JSON.stringify(parseClientPack(json)));
    }
    for (const [key, value] of [
      ['agent.name', Number(CARD)],
      ['enabled', TOKEN],
      ['guard.auditRetentionDays', PASSWORD],
      ['knowledge.synonyms', [[TOKEN, Number(CARD)]]],
      ['sites.disabled', { [PASSWORD]: TOKEN }],
      ['sites.custom', [{ id: TOKEN, name: Number(CARD), matches: PASSWORD }]],
      ['workbench.keybindings', [{ key: Number(CARD), command: [TOKEN], when: { x: PASSWORD } }]],
      ['clocks.idleThresholdSeconds', TOKEN],
      ['sla.policy', { calendar: { timeZone: TOKEN } }],
    ] as const) {
      const result = validateSetting(findSetting(key)!, value);
      expect(result.ok, key).toBe(false);
      expectNoLeak(JSON.stringify(result));
    }
    expect(validateSlaPolicy(JSON.parse(SLA_POLICIES[0]![1] as string)).ok).toBe(false);
  });
});

describe('the worker router never quotes a message in its error reply', () => {
  const options = { extensionId: 'ours', extensionOrigin: 'chrome-extension://ours/' };
  const page = { id: 'ours', url: 'chrome-extension://ours/src/options/index.html' };

  it('refuses bad payloads and bad setting values by path, not by value', async () => {
    const settings = new SettingsService({
      local: memoryStorage(),
      session: memoryStorage(),
      readManaged: async () => ({}),
    });
    const handlers = {
      'settings.write': async (input: { layer: 'agent'; key: string; value: unknown }) => {
        await settings.write(input.layer, input.key, input.value);
        return { written: true };
      },
    } as unknown as Handlers;
    const route = createRouter(handlers, { ...options, onError: () => {} });
    const replies = [
      await route(
        { channel: 'deskmate', type: 'settings.write', payload: { layer: TOKEN, key: Number(CARD) } },
        page,
      ),
      await route({ channel: 'deskmate', type: 'settings.write', payload: [PASSWORD, CARD] }, page),
      await route(
        {
          channel: 'deskmate',
          type: 'settings.write',
          payload: { layer: 'agent', key: 'agent.name', value: Number(CARD) },
        },
        page,
      ),
      await route(
        {
          channel: 'deskmate',
          type: 'settings.write',
          payload: { layer: 'agent', key: 'enabled', value: TOKEN },
        },
        page,
      ),
      await route(
        {
          channel: 'deskmate',
          type: 'settings.write',
          payload: {
            layer: 'agent',
            key: 'workbench.keybindings',
            value: [{ key: Number(CARD), command: [PASSWORD] }],
          },
        },
        page,
      ),
    ];
    for (const reply of replies) {
      expect(reply.ok).toBe(false);
      expectNoLeak(JSON.stringify(reply));
    }
  });
});
