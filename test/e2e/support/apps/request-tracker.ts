/**
 * Request Tracker 5 (Best Practical's open-source ticketing system, Debian's `request-tracker5`), running for real
 * for the end-to-end suite: each `startRequestTracker()` gets its own SQLite database, initialised from scratch in
 * a temporary directory, its own site configuration (RT reads `RT_SITE_CONFIG` and `RT_SITE_CONFIG_DIR` from the
 * environment, so nothing under /etc is read or written), its own Mason cache and session directory, and a free
 * port; RT's standalone server (`rt-server`, Plack's Starlet) serves it there under the host name `rt.test`, which
 * the browsers map to 127.0.0.1 (`chromiumArgs`, `firefoxPrefs`): to the browser and to Deskmate it is a site on
 * the network, not a local one. Outgoing mail (RT's auto-replies and notifications) goes to an mbox file in the
 * temporary directory, never to the machine's mail system.
 *
 * Tickets arrive as real mail, through `rt-mailgate` (RT's own mail gateway, as a mail server's alias runs it);
 * `history(id)` reads back, through RT's REST 2 API, every transaction of the ticket and the content RT stored for
 * it: what an agent's reply looked like after RT saved it, not what the page showed before sending.
 *
 * Install (Debian, as root): `apt-get install -y request-tracker5 rt5-db-sqlite rt5-standalone` (.ci/run does).
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Debian packages RT needs here: the application, its SQLite backend, and its standalone web server. */
export const REQUEST_TRACKER_PACKAGES = ['request-tracker5', 'rt5-db-sqlite', 'rt5-standalone'] as const;

const RT_HOME = '/usr/share/request-tracker5';
const RT_SERVER = `${RT_HOME}/libexec/rt-server`;
const RT_SETUP_DATABASE = '/usr/sbin/rt-setup-database';
const RT_MAILGATE = '/usr/bin/rt-mailgate';

/** The host name RT is served under (mapped to 127.0.0.1 by the browsers' own settings). */
export const RT_HOST = 'rt.test';
/** RT's initial superuser (RT's own initial data sets this password). */
export const RT_USER = 'root';
export const RT_PASSWORD = 'password';
/** Where customers write to (the queue General's correspond address in the site configuration). */
export const RT_SUPPORT_ADDRESS = `support@${RT_HOST}`;

/** Why Request Tracker cannot run here (null when it can), for a test's name when it is skipped. */
export function requestTrackerUnavailable(): string | null {
  const install = `apt-get install -y ${REQUEST_TRACKER_PACKAGES.join(' ')}`;
  for (const [path, what] of [
    [`${RT_HOME}/lib/RT.pm`, 'request-tracker5'],
    [RT_SETUP_DATABASE, 'request-tracker5'],
    [RT_SERVER, 'rt5-standalone'],
    [RT_MAILGATE, 'rt5-clients'],
  ] as const) {
    if (!existsSync(path)) return `Request Tracker 5 is not installed (no ${what}: ${path}); ${install}`;
  }
  const sqlite = spawnSync('perl', ['-MDBD::SQLite', '-e', '1'], { stdio: 'ignore' });
  if (sqlite.status !== 0) return `RT's SQLite backend is not installed (perl DBD::SQLite); ${install}`;
  const starlet = spawnSync('perl', ['-MStarlet', '-e', '1'], { stdio: 'ignore' });
  if (starlet.status !== 0) return `RT's standalone server is not installed (perl Starlet); ${install}`;
  return null;
}

/** RT's version as Debian packaged it (e.g. `5.0.3+dfsg-3~deb12u7`), or null when it cannot be read. */
export function requestTrackerVersion(): string | null {
  try {
    const generated = readFileSync(`${RT_HOME}/lib/RT/Generated.pm`, 'utf8');
    return /\$VERSION\s*=\s*'([^']+)'/.exec(generated)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** A Playwright or Puppeteer page: the little both have in common, which is all `login` needs. */
export interface AnyPage {
  goto(url: string): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
  url(): string;
}

export interface NewTicket {
  fromName: string;
  fromEmail: string;
  subject: string;
  body: string;
  /** Default: General (the queue RT creates on init). */
  queue?: string;
}

/** One of a ticket's transactions, as RT stored it. */
export interface StoredTransaction {
  id: number;
  /** Create, Correspond, Comment, EmailRecord, Status, Set… */
  type: string;
  /** The user's name (`root`), or their e-mail address for users RT created from mail. */
  creator: string;
  created: string;
  /** Every attachment (MIME part) of the transaction, in RT's order, with its content as RT returns it. */
  parts: Array<{ contentType: string; content: string; headers: string }>;
  /** The text of every text part, joined: what to look for a value in. */
  content: string;
}

/** A ticket's own fields, as RT's REST 2 API gives them. */
export interface StoredTicket {
  id: number;
  subject: string;
  status: string;
  /** The number RT stores; its pages show it as a word (`$PriorityAsString`: 0 is "Low"). */
  priority: number;
  /** ISO 8601, UTC. */
  created: string;
  /** The requesters' e-mail addresses (RT names users created from mail by their address). */
  requestors: string[];
}

export interface StartOptions {
  /** `$MessageBoxRichText`: CKEditor (default) or RT's plain textarea (false). */
  richText?: boolean;
  /** More site configuration (Perl: `Set($Option, value);` lines), after Deskmate's own. */
  config?: string;
  /** Starlet's worker processes (default 3: the machines are small and shared). */
  workers?: number;
}

export interface RequestTracker {
  /** `http://rt.test:<port>`: where the browser goes. */
  origin: string;
  port: number;
  host: typeof RT_HOST;
  version: string | null;
  /** How long initialising the database and starting the server took. */
  startMs: number;
  /** Chromium's rule mapping the host to this machine (`MAP rt.test 127.0.0.1`). */
  hostResolverRule: string;
  /** Chromium flags for it. */
  chromiumArgs: string[];
  /** Firefox preferences for it (`network.dns.localDomains`: the host resolves to the loopback address). */
  firefoxPrefs: Record<string, string | number | boolean>;
  /** Logs a Playwright or Puppeteer page in as root (RT's own login form), and leaves it on RT's home page. */
  login(page: AnyPage): Promise<void>;
  /** Mails a ticket in through rt-mailgate, as a customer does; resolves with the new ticket's id. */
  createTicket(ticket: NewTicket): Promise<number>;
  /** The ticket's record as RT keeps it (REST 2): what the page should show. */
  ticket(id: number): Promise<StoredTicket>;
  /** Every transaction of the ticket, oldest first, with the content RT stored. */
  history(id: number): Promise<StoredTransaction[]>;
  /** RT's own log (warnings and errors), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A Perl single-quoted string. */
const perl = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function siteConfig(dir: string, port: number, options: StartOptions): string {
  const base = `http://${RT_HOST}:${port}`;
  return `# Written by test/e2e/support/apps/request-tracker.ts for one test run (RT_SITE_CONFIG).
Set($rtname, ${perl(RT_HOST)});
Set($Organization, ${perl(RT_HOST)});
Set($CorrespondAddress, ${perl(RT_SUPPORT_ADDRESS)});
Set($CommentAddress, ${perl(`support-comment@${RT_HOST}`)});
Set($OwnerEmail, ${perl(`rt-owner@${RT_HOST}`)});
Set($Timezone, 'UTC');

Set($DatabaseType, 'SQLite');
Set($DatabaseName, ${perl(join(dir, 'rtdb'))});
Set($DatabaseHost, 'localhost');
Set($DatabaseUser, '');
Set($DatabasePassword, '');

Set($WebDomain, ${perl(RT_HOST)});
Set($WebPort, ${port});
Set($WebPath, '');
Set($WebBaseURL, ${perl(base)});
Set(@ReferrerWhitelist, ${perl(`${RT_HOST}:${port}`)});
Set($MessageBoxRichText, ${options.richText === false ? 0 : 1});

# Outgoing mail into a file of this run, never to the machine's mail system.
Set($MailCommand, 'mbox');
Set($LogToSyslog, undef);
Set($LogToSTDERR, 'warning');
Set($LogToFile, undef);

# Everything RT writes lives in this run's directory (these are RT's path globals, set in RT::Generated).
$RT::VarPath = ${perl(join(dir, 'var'))};
$RT::MasonDataDir = ${perl(join(dir, 'mason'))};
$RT::MasonSessionDir = ${perl(join(dir, 'sessions'))};

${options.config ?? ''}
1;
`;
}

/**
 * Customers may open tickets and reply by mail (RT's own "Everyone may create tickets" set-up for a support
 * address): without these rights the mail gateway refuses a stranger's mail.
 */
const INITIAL_DATA = `@ACL = (
    map { { GroupDomain => 'SystemInternal', GroupType => 'Everyone', Queue => 'General', Right => $_ } }
        qw(CreateTicket ReplyToTicket)
);
1;
`;

function get(
  port: number,
  path: string,
  options: { method?: string; body?: string; auth?: boolean; timeoutMs?: number } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `${RT_HOST}:${port}` };
    if (options.auth)
      headers.Authorization = `Basic ${Buffer.from(`${RT_USER}:${RT_PASSWORD}`).toString('base64')}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const request = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(options.timeoutMs ?? 30_000, () => request.destroy(new Error(`timed out: ${path}`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

async function api<T>(port: number, path: string, body?: unknown): Promise<T> {
  const response = await get(port, `/REST/2.0/${path}`, {
    auth: true,
    ...(body !== undefined ? { method: 'POST', body: JSON.stringify(body) } : {}),
  });
  if (response.status !== 200)
    throw new Error(`RT's REST 2 API answered ${response.status} to ${path}: ${response.body.slice(0, 500)}`);
  return JSON.parse(response.body) as T;
}

/** RT's answer pages (one page of up to 100 items at a time). */
async function all<T>(port: number, path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await api<{ items: T[]; pages: number }>(
      port,
      `${path}${separator}per_page=100&page=${page}`,
    );
    items.push(...answer.items);
    if (page >= answer.pages) return items;
  }
}

/** A header value RT accepts whatever it holds (RFC 2047 for anything beyond ASCII). */
function headerValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startRequestTracker(options: StartOptions = {}): Promise<RequestTracker> {
  const unavailable = requestTrackerUnavailable();
  if (unavailable) throw new Error(unavailable);
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'rt-'));
  let server: ChildProcess | undefined;
  let exited: string | undefined;
  const logFile = join(dir, 'rt.log');
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  try {
    for (const sub of ['var', 'mason', 'sessions', 'site-config.d'])
      await mkdir(join(dir, sub), { recursive: true });
    const port = await freePort();
    const configFile = join(dir, 'RT_SiteConfig.pm');
    await writeFile(configFile, siteConfig(dir, port, options));
    await writeFile(join(dir, 'initialdata'), INITIAL_DATA);
    const env = {
      ...process.env,
      RT_SITE_CONFIG: configFile,
      // An empty directory instead of /etc/request-tracker5/RT_SiteConfig.d: the machine's own settings (its
      // database, its web address) never leak into this run.
      RT_SITE_CONFIG_DIR: join(dir, 'site-config.d'),
    };

    // A fresh database: RT's schema, its core objects and initial data (queue General, the root user…), then the
    // rights that let customers write in.
    await run(RT_SETUP_DATABASE, ['--action', 'init', '--skip-create'], { env });
    await run(RT_SETUP_DATABASE, ['--action', 'insert', '--datafile', join(dir, 'initialdata')], { env });

    const log = openSync(logFile, 'a');
    server = spawn(
      RT_SERVER,
      ['--port', String(port), '--max-workers', String(options.workers ?? 3)],
      // Its own process group, so that stop() ends the server and its workers, and nothing else.
      { env, detached: true, stdio: ['ignore', log, log] },
    );
    server.on('exit', (code, signal) => {
      exited = `rt-server exited (${signal ?? code})`;
    });

    // Ready when the login page answers (the first request also compiles RT's Mason components).
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (exited) throw new Error(`${exited} before it answered:\n${readLog()}`);
      const answer = await get(port, '/NoAuth/Login.html', { timeoutMs: 60_000 }).catch(() => undefined);
      if (answer?.status === 200 && answer.body.includes('name="pass"')) break;
      if (Date.now() > deadline) throw new Error(`rt-server did not answer on port ${port}:\n${readLog()}`);
      await sleep(250);
    }
    const origin = `http://${RT_HOST}:${port}`;
    const startMs = Date.now() - started;
    const child = server;

    const tracker: RequestTracker = {
      origin,
      port,
      host: RT_HOST,
      version: requestTrackerVersion(),
      startMs,
      hostResolverRule: `MAP ${RT_HOST} 127.0.0.1`,
      chromiumArgs: [`--host-resolver-rules=MAP ${RT_HOST} 127.0.0.1`],
      firefoxPrefs: { 'network.dns.localDomains': RT_HOST },

      async login(page) {
        await page.goto(`${origin}/`);
        const state = `(() => document.querySelector('form#login') ? 'form' : document.querySelector('#app-nav') ? 'in' : 'loading')()`;
        const now = await page.evaluate(state);
        if (now !== 'in') {
          // RT's own form, submitted as the agent does (after this script returns: the page navigates).
          await page.evaluate(`(() => {
            const form = document.querySelector('form#login');
            form.querySelector('input[name=user]').value = ${JSON.stringify(RT_USER)};
            form.querySelector('input[name=pass]').value = ${JSON.stringify(RT_PASSWORD)};
            setTimeout(() => form.submit(), 0);
          })()`);
          const until = Date.now() + 60_000;
          for (;;) {
            await sleep(200);
            // The page is navigating: its context may be gone for a moment.
            const seen = await page.evaluate(state).catch(() => 'loading');
            if (seen === 'in' && !page.url().includes('/NoAuth/')) break;
            if (Date.now() > until) throw new Error(`could not log in to RT as ${RT_USER} (${page.url()})`);
          }
        }
      },

      async createTicket({ fromName, fromEmail, subject, body, queue = 'General' }) {
        const messageId = `deskmate-e2e-${randomUUID()}@example.com`;
        const mail = [
          `From: ${headerValue(`"${fromName.replace(/"/g, '')}"`)} <${fromEmail}>`,
          `To: ${RT_SUPPORT_ADDRESS}`,
          `Subject: ${headerValue(subject)}`,
          `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
          `Message-ID: <${messageId}>`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          body,
          '',
        ].join('\n');
        // The gateway posts to RT's mail-gateway endpoint; it talks to this machine's address (it is not a
        // browser: rt.test means nothing to it). --debug prints RT's answer ("ok", or "not ok - …").
        const { stderr } = await run(
          RT_MAILGATE,
          ['--queue', queue, '--action', 'correspond', '--url', `http://127.0.0.1:${port}`, '--debug'],
          { input: mail },
        );
        if (!/^ok$/m.test(stderr))
          throw new Error(`rt-mailgate: RT did not take the mail:\n${stderr}\n${readLog().slice(-2000)}`);
        // The ticket the mail created: the transaction holding its Message-ID.
        const found = await api<{ items: Array<{ TransactionId: string }> }>(
          port,
          'attachments?fields=TransactionId',
          [{ field: 'MessageId', value: messageId }],
        );
        const transaction = found.items[0]?.TransactionId;
        if (!transaction) throw new Error(`RT stored no message with Message-ID <${messageId}>`);
        const details = await api<{ Object: { id: string; type: string } }>(
          port,
          `transaction/${transaction}`,
        );
        if (details.Object.type !== 'ticket') throw new Error(`the mail went to a ${details.Object.type}`);
        return Number(details.Object.id);
      },

      async ticket(id) {
        const record = await api<{
          Subject: string;
          Status: string;
          Priority: string | number;
          Created: string;
          Requestor?: Array<{ id: string }>;
        }>(port, `ticket/${id}`);
        return {
          id,
          subject: record.Subject,
          status: record.Status,
          priority: Number(record.Priority),
          created: record.Created,
          requestors: (record.Requestor ?? []).map((user) => user.id),
        };
      },

      async history(id) {
        const transactions = await all<{
          id: string;
          Type: string;
          Creator: { id: string };
          Created: string;
        }>(port, `ticket/${id}/history?fields=Type,Creator,Created`);
        const attachments = await all<{
          TransactionId: string;
          ContentType: string;
          Content?: string;
          Headers?: string;
        }>(port, `ticket/${id}/attachments?fields=TransactionId,ContentType,Content,Headers`);
        return transactions
          .map((transaction) => {
            const parts = attachments
              .filter((attachment) => attachment.TransactionId === transaction.id)
              .map((attachment) => ({
                contentType: attachment.ContentType,
                content: attachment.Content ?? '',
                headers: attachment.Headers ?? '',
              }));
            return {
              id: Number(transaction.id),
              type: transaction.Type,
              creator: transaction.Creator.id,
              created: transaction.Created,
              parts,
              content: parts
                .filter((part) => part.contentType.startsWith('text/'))
                .map((part) => part.content)
                .join('\n'),
            };
          })
          .sort((a, b) => a.id - b.id);
      },

      log: readLog,

      async stop() {
        await stopServer(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
    return tracker;
  } catch (error) {
    if (server) await stopServer(server);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Ends rt-server and its workers (its own process group), with TERM and, if it lingers, KILL. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return;
  const gone = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-server.pid!, name);
    } catch {
      // Already gone.
    }
  };
  // TERM, not INT: as root, rt-server's INT handler would chown the machine's /var/lib/request-tracker5.
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
  // The workers may outlive the master by a moment.
  signal('SIGKILL');
}
