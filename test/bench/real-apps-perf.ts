/**
 * What Deskmate costs the main thread of a LIVE Request Tracker 5 and a LIVE Roundcube (Debian's packages, started
 * on this machine by test/e2e/support/apps/ with a fresh database, on a free port under a non-localhost name), in
 * Chromium with the built extension, set up as an admin does for a self-hosted app (as test/e2e/real-rt.e2e.ts and
 * real-roundcube.e2e.ts do): a client whose match is the app's host (with an SLA policy, so the clocks run), a custom
 * site naming the built-in adapter, and the app's host added to a copy of the extension's host permissions (what
 * the agent's "yes" to the permission prompt grants). Every browser logs in to the app once, before any load.
 *
 * Per app, on the pages the agent works on:
 * - page load: the reply page (RT's `Ticket/Update.html?Action=Respond`, CKEditor 4 in an iframe; Roundcube's
 *   reply, `_action=compose`, TinyMCE 5 in an iframe), as a ratio to the page's own main-thread CPU, Deskmate on
 *   and installed-but-off (test/bench/page-cost.ts `measurePageCost`: paired, interleaved rounds);
 * - per mutation batch: on the ticket view, where the conversation is (RT's `Ticket/Display.html` with its history;
 *   Roundcube's message view), after it has settled: one new node appended into the history / the message per
 *   batch, batches 1.4 s apart so that each runs every feature's debounced check (test/bench/page-work.ts);
 * - per key: on the reply page, after it has settled, keys typed into the app's real editor at a steady pace;
 *   the CPU of the typing window over the keys typed (test/bench/page-work.ts).
 * Mutations and keys are paired with the page alone (no extension) in the same round.
 *
 * `DESKMATE_BENCH_ROUNDS=n` (default 11) sets the paired page-load rounds (the mutation and key rounds follow it:
 * n / 4, at least 3). `DESKMATE_BENCH_QUICK=1` checks that everything runs (2 page-load rounds, 1 round of
 * mutations and keys; the section says so). `DESKMATE_BENCH_EXTENSION=<dir>` measures that built extension instead
 * of building this tree's. An app that is not installed is reported as not measured.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildExtension } from '../../scripts/build.ts';
import {
  type RequestTracker,
  requestTrackerUnavailable,
  startRequestTracker,
} from '../e2e/support/apps/request-tracker.ts';
import {
  type Roundcube,
  roundcubeUnavailable,
  SEED_MAILS,
  startRoundcube,
} from '../e2e/support/apps/roundcube.ts';
import {
  type Browsers,
  LOAD_GOALS,
  launchBrowsers,
  loadReport,
  loadVerdicts,
  measurePageCost,
  type PageTarget,
  type Spread,
  verdict,
} from './page-cost.ts';
import { type PairedWork, pairedPageWork, type WorkPhase } from './page-work.ts';
import { type BenchSuite, fmt, table } from './suite.ts';

const QUICK = process.env.DESKMATE_BENCH_QUICK === '1';
const ROUNDS = Number(process.env.DESKMATE_BENCH_ROUNDS) || (QUICK ? 2 : 11);
/** Paired rounds of the mutation and key measurements (each round two page sessions of about half a minute). */
const WORK_REPEATS = QUICK ? 1 : Math.max(3, Math.round(ROUNDS / 4));
/** Until this long after the page is ready, everything Deskmate defers at start has run (its DOM quiet for 2.5 s). */
const SETTLE_MS = 6_000;
const BATCHES = 5;
const BATCH_GAP_MS = 1_400;
/** What the agent types: 40 characters of an ordinary reply (nothing the data guard flags). */
const TYPED = 'Thanks for waiting, I am checking it now';
const KEY_GAP_MS = 100;
const MUTATION_GOAL_MS = 2;

/** The client's contract: calendar hours, so the clocks run whenever the bench does (as the e2e tests set it). */
const slaPolicy = (client: string) => ({
  version: 1,
  client,
  calendar: {
    timeZone: 'UTC',
    weeklyHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, ['00:00-24:00']]),
    ),
  },
  defaultPriority: 'normal',
  targets: [
    { metric: 'first_reply', priority: 'low', minutes: 480, hours: 'calendar' },
    { metric: 'first_reply', priority: 'normal', minutes: 240, hours: 'calendar' },
    { metric: 'next_reply', priority: 'low', minutes: 480, hours: 'calendar' },
    { metric: 'next_reply', priority: 'normal', minutes: 240, hours: 'calendar' },
  ],
  solvedStatuses: ['resolved', 'rejected'],
  warnAtPercentLeft: [25],
});

type Send = (message: unknown) => Promise<unknown>;

async function write(send: Send, payload: Record<string, unknown>): Promise<void> {
  const reply = (await send({ channel: 'deskmate', type: 'settings.write', payload })) as {
    ok: boolean;
    error?: string;
  };
  if (!reply.ok) throw new Error(`writing ${String(payload.key)} failed: ${reply.error}`);
}

/**
 * An admin's set-up for a self-hosted app: the client whose pages the app's are (with its SLA policy), and the
 * custom site naming the built-in adapter; resolves once the worker has registered the site's content script.
 */
async function configureApp(
  send: Send,
  options: Page,
  app: { clientId: string; clientName: string; host: string; site: Record<string, unknown> },
): Promise<void> {
  const saved = (await send({
    channel: 'deskmate',
    type: 'clients.save',
    payload: { client: { id: app.clientId, name: app.clientName, matches: [{ host: `${app.host}:*` }] } },
  })) as { ok: boolean; error?: string };
  if (!saved.ok) throw new Error(`saving the client failed: ${saved.error}`);
  await write(send, {
    layer: 'qaLead',
    clientId: app.clientId,
    key: 'sla.policy',
    value: slaPolicy(app.clientName),
  });
  await write(send, { layer: 'agent', key: 'sites.custom', value: [app.site] });
  const script = `custom-site-${String(app.site.id)}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ids = await options.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((registered) => registered.id),
    );
    if (ids.includes(script)) return;
    if (Date.now() > deadline)
      throw new Error(`the worker did not register ${script} (has: ${ids.join(', ')})`);
    await options.waitForTimeout(200);
  }
}

/** Logs in in a browser context, on a page of its own. */
async function loggedIn(context: BrowserContext, login: (page: Page) => Promise<void>): Promise<void> {
  const page = await context.newPage();
  try {
    await login(page);
  } finally {
    await page.close();
  }
}

/** One app as measured: its pages, how a mutation batch and the caret in its editor are made. */
interface AppUnderTest {
  /** For the report. */
  name: string;
  short: string;
  host: string;
  /** The reply page (page load and keys). */
  reply: PageTarget;
  /** The ticket view with the conversation (mutations). */
  view: PageTarget;
  /** Where a batch's node goes, for the report. */
  mutationArea: string;
  editor: string;
  /** One mutation batch on the ticket view: a node appended into the conversation. */
  mutate(page: Page): Promise<unknown>;
  /** Puts the caret at the end of the reply editor's text. */
  caret(page: Page): Promise<void>;
  notes: string[];
  stop(): Promise<void>;
}

const RT_TICKET = {
  fromName: 'Maria Lopez',
  fromEmail: 'maria.lopez@example.com',
  subject: 'Refund to my card for order 4411',
  body: 'Hello,\n\nI was charged twice for order 4411. Please refund the card 4111 1111 1111 1111.\n\nThanks,\nMaria',
};

async function requestTracker(): Promise<AppUnderTest> {
  const rt: RequestTracker = await startRequestTracker();
  try {
    const id = await rt.createTicket(RT_TICKET);
    const common = {
      browserArgs: rt.chromiumArgs,
      prepare: (context: BrowserContext) => loggedIn(context, (page) => rt.login(page)),
      configure: (send: Send, options: Page) =>
        configureApp(send, options, {
          clientId: 'acme-rt',
          clientName: 'Acme (Request Tracker)',
          host: rt.host,
          site: {
            id: 'rt',
            name: 'Request Tracker',
            matches: [`${rt.origin}/*`],
            adapter: 'request-tracker',
          },
        }),
    };
    return {
      name: `Request Tracker ${rt.version ?? '5'}`,
      short: 'RT 5',
      host: rt.host,
      reply: {
        ...common,
        label: 'RT reply page (Update.html, CKEditor 4)',
        url: `${rt.origin}/Ticket/Update.html?Action=Respond&id=${id}`,
        // CKEditor is up, and RT's script has loaded the recipients preview (where the page names the requester).
        pageReady: () =>
          (window as { CKEDITOR?: { instances?: Record<string, { status?: string }> } }).CKEDITOR?.instances
            ?.UpdateContent?.status === 'ready' &&
          document.querySelector('#previewscrips input[name="TxnSendMailTo"]') !== null,
      },
      view: {
        ...common,
        label: 'RT ticket view (Display.html)',
        url: `${rt.origin}/Ticket/Display.html?id=${id}`,
        // RT's script has loaded the history after the page.
        pageReady: () => document.querySelector('.history-container .transaction.message') !== null,
      },
      mutationArea: "RT's history (`.history-container`) of Display.html",
      editor: "CKEditor 4's editing body (`iframe.cke_wysiwyg_frame`)",
      mutate: (page) =>
        page.evaluate(() => {
          const history = document.querySelector('.history-container');
          const node = document.createElement('div');
          node.className = 'transaction Ticket-transaction other';
          node.textContent = 'Outgoing email recorded';
          history?.append(node);
        }),
      async caret(page) {
        await page.frameLocator('iframe.cke_wysiwyg_frame').locator('body').click();
        await page.keyboard.press('Control+End');
      },
      notes: [
        `a ticket mailed in through rt-mailgate (#${id}, the customer's message with a card number), logged in as root`,
      ],
      stop: () => rt.stop(),
    };
  } catch (error) {
    await rt.stop();
    throw error;
  }
}

/** Tom Becker's mail (UID 2): a quoted earlier mail, and his card number. */
const ROUNDCUBE_MAIL = { uid: 2, ...SEED_MAILS[1]! };

function roundcubeVersion(): string | null {
  try {
    const iniset = readFileSync('/usr/share/roundcube/program/include/iniset.php', 'utf8');
    return /define\('RCMAIL_VERSION', '([^']+)'\)/.exec(iniset)?.[1] ?? null;
  } catch {
    return null;
  }
}

async function roundcube(): Promise<AppUnderTest> {
  const app: Roundcube = await startRoundcube();
  const common = {
    browserArgs: app.chromiumArgs,
    prepare: (context: BrowserContext) => loggedIn(context, (page) => app.login(page)),
    configure: (send: Send, options: Page) =>
      configureApp(send, options, {
        clientId: 'acme-mail',
        clientName: 'Acme (webmail)',
        host: app.host,
        site: { id: 'webmail', name: 'Webmail', matches: [`${app.origin}/*`], adapter: 'roundcube' },
      }),
  };
  return {
    name: `Roundcube ${roundcubeVersion() ?? '1.6'}`,
    short: 'Roundcube',
    host: app.host,
    reply: {
      ...common,
      label: 'Roundcube reply (compose, TinyMCE 5)',
      // Roundcube redirects it to a new compose id: each load is a new reply.
      url: `${app.origin}/?_task=mail&_action=compose&_reply_uid=${ROUNDCUBE_MAIL.uid}&_mbox=INBOX`,
      pageReady: () =>
        (
          window as unknown as { tinymce?: { get(id: string): { initialized?: boolean } | null } }
        ).tinymce?.get('composebody')?.initialized === true,
    },
    view: {
      ...common,
      label: 'Roundcube message view',
      url: `${app.origin}/?_task=mail&_action=show&_uid=${ROUNDCUBE_MAIL.uid}&_mbox=INBOX`,
      pageReady: () => document.querySelector('#messagebody') !== null,
    },
    mutationArea: 'the mail shown (`#messagebody`) of the message view',
    editor: "TinyMCE 5's editing body (`iframe#composebody_ifr`)",
    mutate: (page) =>
      page.evaluate(() => {
        const body = document.querySelector('#messagebody');
        const node = document.createElement('div');
        node.className = 'message-part';
        node.textContent = 'Kind regards';
        body?.append(node);
      }),
    async caret(page) {
      await page.frameLocator('iframe#composebody_ifr').locator('body#tinymce').click();
      await page.keyboard.press('Control+End');
    },
    notes: [
      `the reply to ${ROUNDCUBE_MAIL.from.name}'s mail (UID ${ROUNDCUBE_MAIL.uid}, "${ROUNDCUBE_MAIL.subject}": ` +
        'a quoted earlier mail and a card number, quoted in the reply), logged in over IMAP to a private Dovecot',
    ],
    stop: () => app.stop(),
  };
}

/** A copy of the built extension with the apps' hosts in its host permissions. */
async function extensionWithHosts(dir: string, hosts: string[]): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'deskmate-bench-ext-'));
  await cp(dir, copy, { recursive: true });
  const path = join(copy, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(...hosts.map((host) => `http://${host}/*`));
  await writeFile(path, JSON.stringify(manifest, null, 2));
  return copy;
}

const ms = (s: Spread, digits = 2) =>
  `${fmt(s.median, digits)} ms (IQR ${fmt(s.q1, digits)}–${fmt(s.q3, digits)}; 95 % CI ${fmt(s.low, digits)}–${fmt(s.high, digits)})`;
const pct = (s: Spread) =>
  `${fmt(s.median * 100, 1)} % (IQR ${fmt(s.q1 * 100, 1)}–${fmt(s.q3 * 100, 1)} %; 95 % CI ${fmt(s.low * 100, 1)}–${fmt(s.high * 100, 1)} %)`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** A URL without its port (a free one, new each run). */
const portless = (url: string) => url.replace(/^(https?:\/\/[^/:]+):\d+/, '$1:<port>');

const workRow = (label: string, work: PairedWork) => [
  label,
  fmt(work.page, 3),
  fmt(work.on, 3),
  ms(work.added, 3),
  work.ratio.n ? pct(work.ratio) : 'n/a',
  fmt(work.wallAdded, 3),
];

interface AppResult {
  section: string;
  verdicts: string[];
}

/** Everything measured on one app, with one set of three browsers. */
async function measureApp(app: AppUnderTest, extensionDir: string): Promise<AppResult> {
  let browsers: Browsers | undefined;
  const progress = (what: string) => (round: number) =>
    console.info(`bench: ${app.short}, ${what} round ${round + 1}`);
  try {
    browsers = await launchBrowsers(app.reply, extensionDir);
    const load = await measurePageCost(app.reply, {
      extensionDir,
      rounds: ROUNDS,
      browsers,
      onRound: progress('page load'),
    });
    const mutations: WorkPhase = {
      id: 'mutations',
      act: (page) => app.mutate(page),
      count: BATCHES,
      gapMs: BATCH_GAP_MS,
    };
    const mutation = (
      await pairedPageWork(browsers, app.view, {
        phases: [mutations],
        settleMs: SETTLE_MS,
        repeats: WORK_REPEATS,
        onRound: progress('mutations'),
      })
    ).get(mutations.id)!;
    const keys: WorkPhase = {
      id: 'keys',
      setup: (page) => app.caret(page),
      act: (page, index) => page.keyboard.type(TYPED[index]!),
      count: TYPED.length,
      gapMs: KEY_GAP_MS,
    };
    const typing = (
      await pairedPageWork(browsers, app.reply, {
        phases: [keys],
        settleMs: SETTLE_MS,
        repeats: WORK_REPEATS,
        onRound: progress('keys'),
      })
    ).get(keys.id)!;

    const verdicts = [
      ...loadVerdicts(load.cost).map((line) => line.replace(/^- /, `- ${app.short}, `)),
      `- ${app.short}, per mutation batch (every feature's check): ${ms(mutation.added)}; goal ≤ ${MUTATION_GOAL_MS} ms: ` +
        `${verdict(mutation.added.median <= MUTATION_GOAL_MS)}` +
        (mutation.added.median <= MUTATION_GOAL_MS && mutation.added.high > MUTATION_GOAL_MS
          ? ' (on the median; the interval reaches above it)'
          : '') +
        (mutation.added.median > MUTATION_GOAL_MS && mutation.added.low <= MUTATION_GOAL_MS
          ? ' (on the median; the interval reaches below it)'
          : '') +
        '.',
      `- ${app.short}, per key typed: ${ms(typing.added)}, ${typing.ratio.n ? pct(typing.ratio) : 'n/a'} of the ` +
        "page's own work per key; no goal (reported only).",
    ];
    const section = [
      `### ${app.name}`,
      '',
      `Set-up: ${app.notes.join('; ')}.`,
      '',
      `**Page load**, the reply page (${portless(app.reply.url)}; ${app.reply.label}):`,
      '',
      loadReport(load.cost),
      '',
      '**After the page has settled**, per action:',
      '',
      table(
        [
          'work',
          'page alone CPU ms',
          'Deskmate on CPU ms',
          'added CPU ms (median of rounds; IQR; 95 % CI)',
          'added / page’s own (median; IQR; 95 % CI)',
          'added wall ms',
        ],
        [
          workRow(
            `per mutation batch: ${BATCHES} batches ${BATCH_GAP_MS / 1000} s apart, a node appended into ${app.mutationArea} (${plural(mutation.rounds, 'round')})`,
            mutation,
          ),
          workRow(
            `per key: ${TYPED.length} keys ${KEY_GAP_MS} ms apart into ${app.editor}, reply page (${plural(typing.rounds, 'round')})`,
            typing,
          ),
        ],
      ),
    ].join('\n');
    return { section, verdicts };
  } finally {
    await browsers?.close();
  }
}

/** The commit measured, and whether the extension's sources had changes not committed. */
function sourceState(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'public', 'manifest.json'], {
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} with uncommitted changes in ${dirty.split('\n').length} source file(s)` : head;
  } catch {
    return 'unknown';
  }
}

export const realAppsPerfSuite: BenchSuite = {
  id: 'real-apps-perf',
  title: "Real apps: Deskmate's cost on a live Request Tracker 5 and a live Roundcube (Chromium)",
  async run() {
    const given = process.env.DESKMATE_BENCH_EXTENSION;
    const built = given ?? (await buildExtension('chrome'));
    const apps: Array<{ name: string; unavailable: string | null; start: () => Promise<AppUnderTest> }> = [
      { name: 'Request Tracker 5', unavailable: requestTrackerUnavailable(), start: requestTracker },
      { name: 'Roundcube', unavailable: roundcubeUnavailable(), start: roundcube },
    ];
    const sections: string[] = [];
    const verdicts: string[] = [];
    for (const entry of apps) {
      if (entry.unavailable) {
        sections.push(`### ${entry.name}\n\n_Not measured: ${entry.unavailable}._`);
        continue;
      }
      let app: AppUnderTest | undefined;
      let extensionDir: string | undefined;
      try {
        app = await entry.start();
        // A private copy (other runs rebuild dist/ meanwhile), with the app's host granted.
        extensionDir = await extensionWithHosts(built, [app.host]);
        const result = await measureApp(app, extensionDir);
        sections.push(result.section);
        verdicts.push(...result.verdicts);
      } catch (error) {
        console.error(`bench: ${entry.name} failed`, error);
        sections.push(
          `### ${entry.name}\n\n_Not measured: the run failed (${(error as Error).message.split('\n')[0]})._`,
        );
      } finally {
        await app?.stop();
        if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
      }
    }
    return [
      ...(QUICK
        ? [
            `_Quick look (DESKMATE_BENCH_QUICK=1): ${ROUNDS} page-load rounds, ${WORK_REPEATS} of mutations and keys._`,
            '',
          ]
        : []),
      ...(given ? [`_Extension measured: ${given} (DESKMATE_BENCH_EXTENSION)._`, ''] : []),
      `Extension built from ${given ? '(given)' : sourceState()}. Each app is installed from Debian's packages and`,
      'started by the bench with a fresh database on a free port under a non-localhost name (test/e2e/support/apps/),',
      'mapped with `--host-resolver-rules`; Deskmate is set up there as an admin does (test/e2e/real-*.e2e.ts): a',
      'client whose match is the app host (with an SLA policy, so the clocks run), a custom site naming the built-in',
      'adapter, the host added to a copy of the built extension’s host permissions. Each of the three browsers (the page',
      'alone, Deskmate on, Deskmate installed but turned off) logs in to the app once before any load.',
      '',
      "Main-thread work = the CPU time of the top-level tasks on the page renderer's main thread, from a Chromium trace",
      '(test/bench/page-cost.ts); spread: medians of the rounds with the interquartile range and a bootstrap 95 %',
      'interval of the median.',
      '',
      '- **Page load**: the reply page, where the agent writes (RT: `Ticket/Update.html`, CKEditor 4; Roundcube: the',
      `  reply's compose page, TinyMCE 5). ${ROUNDS} paired rounds after a warm-up round, each loading the page once in`,
      '  each browser, the order rotating; counted from before navigation until 2 s after the page (its editor up) and',
      '  Deskmate are ready; a ratio is (with Deskmate − the page’s own load of the same round) / the page’s own load.',
      '- **Per mutation batch**: on the ticket view, where the conversation is (RT: `Display.html` with its history;',
      `  Roundcube: the message view), loaded and left ${SETTLE_MS / 1000} s; one node appended into the conversation per batch,`,
      `  ${BATCHES} batches ${BATCH_GAP_MS / 1000} s apart (each runs every feature's debounced check of the page); the same loop`,
      '  without mutations subtracted.',
      `- **Per key**: on the reply page, loaded and left ${SETTLE_MS / 1000} s, the caret put at the end of the editor's text;`,
      `  "${TYPED}" (${TYPED.length} keys) typed with Playwright's keyboard ${KEY_GAP_MS} ms apart; the CPU of that`,
      '  window (until 1.2 s after the last key) less an idle window of the same length, over the keys.',
      `- Mutations and keys: ${plural(WORK_REPEATS, 'paired round')} each (a page session without the`,
      '  extension and one with Deskmate on, the order alternating); added = the difference within a round.',
      '',
      ...sections.flatMap((section) => [section, '']),
      `**Verdicts** (goals: page load ≤ ${LOAD_GOALS.on * 100} % on, ≤ ${LOAD_GOALS.off * 100} % installed-but-off; ≤ ${MUTATION_GOAL_MS} ms per mutation batch; per key: reported only):`,
      '',
      ...(verdicts.length ? verdicts : ['- Nothing measured.']),
    ].join('\n');
  },
};
