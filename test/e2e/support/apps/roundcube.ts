/**
 * Roundcube webmail, running for real (Debian's `roundcube` 1.6 on PHP's built-in server, a private Dovecot IMAP
 * server with a Maildir, and an SMTP sink that records what is sent), for e-mail support teams' end-to-end tests.
 *
 * Everything is private to one run, in one temporary directory (/tmp/rc-…), on free ports of 127.0.0.1:
 * - Dovecot (`dovecot -F -c <dir>/dovecot.conf`): its own base_dir, state_dir, log, a passwd-file with one test
 *   user, Maildir under <dir>/mail, Drafts/Sent/Trash/Junk created on first login, IMAP on 127.0.0.1 only (no
 *   imaps, no other protocol). It does not touch /etc/dovecot nor the system's dovecot service (if one runs, it
 *   has its own base_dir and ports). Mail processes run as `nobody`: Dovecot refuses mail access as root.
 * - Roundcube: `php -S` serving Debian's /var/lib/roundcube/public_html, with ROUNDCUBE_CONFIG_DIR pointing at a
 *   per-run config directory (Debian's defaults.inc.php linked, our config.inc.php: a per-run SQLite database,
 *   which Roundcube creates from its schema on first use, IMAP and SMTP hosts, HTML compose always). Nothing in
 *   /etc/roundcube or /var/lib/roundcube is written.
 * - The SMTP sink (./smtp-sink.ts): Roundcube submits there without TLS or AUTH; Roundcube saves a copy of each
 *   sent message in the Sent folder, over IMAP (APPEND), which `sent()` reads back from the Maildir on disk.
 *
 * The app is reached as http://mail.test:PORT (a non-localhost name, as a company's webmail is): Chromium maps the
 * name with `--host-resolver-rules`, Firefox with the `network.dns.localDomains` preference.
 *
 * Customer mails are delivered as real RFC 822 messages through Dovecot's LDA (`dovecot-lda -d user`), in order,
 * so the seeded mails get IMAP UIDs 1, 2, 3….
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type DecodedMail, decodeMail, type SmtpSink, startSmtpSink } from './smtp-sink.ts';

/** Where Debian puts what this needs. */
const PUBLIC_HTML = '/var/lib/roundcube/public_html';
const DEFAULTS = '/etc/roundcube/defaults.inc.php';
const MIMETYPES = '/etc/roundcube/mimetypes.php';
const DOVECOT = '/usr/sbin/dovecot';
const DOVECOT_LDA = '/usr/lib/dovecot/dovecot-lda';
const DOVEADM = '/usr/bin/doveadm';
const IMAP = '/usr/lib/dovecot/imap';
const PHP = '/usr/bin/php';

export const ROUNDCUBE_PACKAGES = 'roundcube roundcube-sqlite3 dovecot-imapd';

/** Why Roundcube cannot run on this machine (a package missing), or null when it can. */
export function roundcubeUnavailable(): string | null {
  const missing = [
    [PUBLIC_HTML, 'roundcube'],
    [DEFAULTS, 'roundcube-core'],
    ['/usr/share/roundcube/SQL/sqlite.initial.sql', 'roundcube-sqlite3'],
    [DOVECOT, 'dovecot-core'],
    [DOVECOT_LDA, 'dovecot-core'],
    [IMAP, 'dovecot-imapd'],
    [PHP, 'php-cli'],
  ].filter(([path]) => !existsSync(path!));
  if (missing.length === 0) {
    const modules = phpModules();
    if (modules !== null && !modules.includes('pdo_sqlite'))
      return 'PHP has no pdo_sqlite (apt-get install -y php-sqlite3)';
    return null;
  }
  const packages = [...new Set(missing.map(([, name]) => name))].join(', ');
  return `Roundcube cannot run here: ${packages} missing (apt-get install -y ${ROUNDCUBE_PACKAGES})`;
}

let modulesCache: string[] | null | undefined;
function phpModules(): string[] | null {
  if (modulesCache !== undefined) return modulesCache;
  try {
    // Synchronous on purpose: it is asked once, at collection time, to decide whether a suite skips.
    modulesCache = execFileSync(PHP, ['-m'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim());
  } catch {
    modulesCache = null;
  }
  return modulesCache;
}

export interface Address {
  name: string;
  email: string;
}

/** A customer mail to deliver. `text` is the plain body; `html`, when given, makes it multipart/alternative. */
export interface MailInput {
  from: Address;
  subject: string;
  text: string;
  html?: string;
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
}

export interface SentMail extends DecodedMail {
  raw: string;
}

export interface RoundcubeSent {
  /** Every message the SMTP sink received, in order, with the envelope. */
  smtp: Array<SentMail & { envelope: { from: string; to: string[] } }>;
  /** The copies Roundcube saved in the Sent folder (read from the Maildir), oldest first. */
  sentFolder: SentMail[];
}

/** What `login` needs of a page: Playwright's and Puppeteer's pages both have it. */
export interface LoginPage {
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  type(selector: string, text: string): Promise<void>;
  click(selector: string): Promise<void>;
}

export interface Roundcube {
  /** http://mail.test:PORT */
  origin: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** The agent's own address (the identity Roundcube sends from). */
  email: string;
  /** Chromium flags that resolve the host name to 127.0.0.1. */
  chromiumArgs: string[];
  /** Firefox preferences that do the same. */
  firefoxPrefs: Record<string, string | number | boolean>;
  /** The IMAP UIDs of the seeded mails, in the order given. */
  seeded: number[];
  /** How long start-up took (ms), for the report. */
  startupMs: number;
  /** The temporary directory everything lives in. */
  dir: string;
  /** Logs in as the test user (the login form, as a person fills it), and waits for the mailbox. */
  login(page: LoginPage): Promise<void>;
  /** Delivers a customer mail to the INBOX; resolves to its IMAP UID. */
  deliver(mail: MailInput): Promise<number>;
  /** What was sent: the SMTP sink's messages and the Sent folder's copies, decoded. */
  sent(): Promise<RoundcubeSent>;
  /** Ends every process this started and removes the temporary directory. */
  stop(): Promise<void>;
}

export interface RoundcubeOptions {
  /** The host name the app is reached under (default mail.test). */
  host?: string;
  /** Mails to deliver before the app starts (default: SEED_MAILS). */
  mails?: MailInput[];
  /** Writes Roundcube's and Dovecot's logs to the console when the app stops (debugging). */
  verbose?: boolean;
}

/** The agent's mailbox. */
export const ROUNDCUBE_USER = { user: 'support@mail.test', password: 'desk-mate-test', name: 'Acme Support' };

const at = (iso: string) => new Date(iso);

/**
 * Realistic customer mails: a greeting, the question, a signature; one with a card number in it, one with an
 * earlier mail quoted. Their UIDs are 1, 2, 3 in this order.
 */
export const SEED_MAILS: MailInput[] = [
  {
    from: { name: 'Maria Lopez', email: 'maria.lopez@example.com' },
    subject: 'Refund for order 4411 not received',
    date: at('2025-11-24T09:12:00Z'),
    messageId: '<refund-4411.maria@example.com>',
    text: [
      'Hello,',
      '',
      'I returned order 4411 two weeks ago (the blue rain jacket, size M) and the',
      'parcel was delivered to your warehouse on 10 November. I have not received',
      'the refund yet. Could you tell me when it will arrive?',
      '',
      'Thank you,',
      'Maria Lopez',
      '',
      '-- ',
      'Maria Lopez',
      '+1 (212) 555-0147',
    ].join('\n'),
  },
  {
    from: { name: 'Tom Becker', email: 'tom.becker@example.org' },
    subject: 'Card declined when paying for order 5120',
    date: at('2025-11-25T14:03:00Z'),
    messageId: '<declined-5120.tom@example.org>',
    inReplyTo: '<ack-5120@mail.test>',
    text: [
      'Hi,',
      '',
      'my card was declined again when I tried to pay for order 5120. I tried the',
      'same card as last time: 4111 1111 1111 1111, expiry 12/27. Can you check',
      'what is wrong, or should I use another card?',
      '',
      'Best regards,',
      'Tom Becker',
      '',
      'On Mon, 24 Nov 2025 at 16:40, Acme Support <support@mail.test> wrote:',
      '> Hello Tom,',
      '>',
      '> thank you for your order 5120. Payment did not go through; please try',
      '> again or choose another payment method.',
      '>',
      '> Kind regards,',
      '> Acme Support',
    ].join('\n'),
    html: [
      '<div dir="ltr"><p>Hi,</p>',
      '<p>my card was declined again when I tried to pay for order 5120. I tried the same card as last time:',
      ' 4111 1111 1111 1111, expiry 12/27. Can you check what is wrong, or should I use another card?</p>',
      '<p>Best regards,<br>Tom Becker</p></div>',
      '<div class="gmail_quote"><div dir="ltr">On Mon, 24 Nov 2025 at 16:40, Acme Support',
      ' &lt;<a href="mailto:support@mail.test">support@mail.test</a>&gt; wrote:<br></div>',
      '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">',
      '<p>Hello Tom,</p><p>thank you for your order 5120. Payment did not go through; please try again or',
      ' choose another payment method.</p><p>Kind regards,<br>Acme Support</p></blockquote></div>',
    ].join(''),
  },
  {
    from: { name: 'Jana Novak', email: 'jana.novak@example.net' },
    subject: 'Cannot log in after password reset',
    date: at('2025-11-26T08:47:00Z'),
    messageId: '<login-reset.jana@example.net>',
    text: [
      'Good morning,',
      '',
      'since I reset my password yesterday I cannot log in to my account any more:',
      'the page says "account locked". What can I do?',
      '',
      'Kind regards',
      'Jana Novak',
    ].join('\n'),
  },
];

/** A free TCP port on 127.0.0.1 (closed again at once; the caller binds it next). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** `nobody`'s uid and gid (Dovecot's mail processes run as it). */
function nobody(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return { uid: Number(uid ?? 65534), gid: Number(gid ?? 65534) };
}

function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Waits until something accepts connections on the port (or the process died, or the time is up). */
async function waitForPort(
  port: number,
  child: ChildProcess,
  what: string,
  log: () => string,
): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port}: ${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** RFC 2047 for a header value that is not plain ASCII. */
function encodeWord(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? value
    : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** Quoted-printable (RFC 2045): lines of at most 76 characters (soft breaks never split an escape), CRLF ends. */
function quotedPrintable(text: string): string {
  return text
    .replace(/\r?\n/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = [...Buffer.from(line, 'utf8')];
      const tokens = bytes.map((byte, index) =>
        (byte >= 33 && byte <= 126 && byte !== 61) || (byte === 32 && index < bytes.length - 1)
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`,
      );
      const wrapped: string[] = [];
      let current = '';
      for (const token of tokens) {
        if (current.length + token.length > 75) {
          wrapped.push(`${current}=`);
          current = '';
        }
        current += token;
      }
      wrapped.push(current);
      return wrapped.join('\r\n');
    })
    .join('\r\n');
}

/** An RFC 822 message from a customer to the support mailbox. */
export function formatMail(mail: MailInput, to: string): string {
  const date = (mail.date ?? new Date()).toUTCString().replace('GMT', '+0000');
  const messageId = mail.messageId ?? `<${randomBytes(8).toString('hex')}@${mail.from.email.split('@')[1]}>`;
  const headers = [
    `From: ${encodeWord(mail.from.name)} <${mail.from.email}>`,
    `To: ${ROUNDCUBE_USER.name} <${to}>`,
    `Subject: ${encodeWord(mail.subject)}`,
    `Date: ${date}`,
    `Message-ID: ${messageId}`,
    ...(mail.inReplyTo ? [`In-Reply-To: ${mail.inReplyTo}`, `References: ${mail.inReplyTo}`] : []),
    'MIME-Version: 1.0',
  ];
  const textPart = [
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(mail.text),
  ];
  if (!mail.html) return [...headers, ...textPart, ''].join('\r\n');
  const boundary = `----=_Part_${randomBytes(6).toString('hex')}`;
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...textPart,
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(mail.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

function phpString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Starts Dovecot, the SMTP sink and Roundcube; delivers the seed mails. */
export async function startRoundcube(options: RoundcubeOptions = {}): Promise<Roundcube> {
  const why = roundcubeUnavailable();
  if (why) throw new Error(why);
  const started = Date.now();
  const host = options.host ?? 'mail.test';
  const { user, password } = ROUNDCUBE_USER;
  const dir = await mkdtemp('/tmp/rc-run-');
  // Dovecot's unprivileged processes (dovenull, dovecot, nobody) must reach their sockets and the mail dir.
  await chmod(dir, 0o755);
  const children: ChildProcess[] = [];
  let sink: SmtpSink | undefined;
  const logs: Record<string, string> = {};
  const collect = (name: string, child: ChildProcess) => {
    logs[name] = '';
    const add = (chunk: Buffer) => {
      logs[name] = (logs[name]! + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', add);
    child.stderr?.on('data', add);
  };
  const readLog = async (file: string) => readFile(join(dir, file), 'utf8').catch(() => '');

  const stop = async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Each was started as the leader of its own process group: PHP's workers and Dovecot's services go too.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const timeout = new Promise((resolve) => setTimeout(resolve, 5_000, 'timeout'));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
    }
    await sink?.close();
    if (options.verbose) {
      console.log(`roundcube (${dir}):\n${logs.php ?? ''}\n${await readLog('logs/errors.log')}`);
      console.log(`dovecot:\n${await readLog('dovecot.log')}`);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    // Dovecot.
    const imapPort = await freePort();
    const mailDir = join(dir, 'mail');
    await mkdir(mailDir);
    const { uid, gid } = nobody();
    await chown(mailDir, uid, gid);
    await writeFile(join(dir, 'users'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
    const mailbox = (name: string, use: string) =>
      `  mailbox ${name} {\n    special_use = \\${use}\n    auto = subscribe\n  }`;
    const dovecotConf = join(dir, 'dovecot.conf');
    await writeFile(
      dovecotConf,
      [
        `base_dir = ${dir}/run`,
        `state_dir = ${dir}/state`,
        `log_path = ${dir}/dovecot.log`,
        `instance_name = ${dir.slice(5)}`,
        'protocols = imap',
        'listen = 127.0.0.1',
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        'mail_location = maildir:~/Maildir',
        `first_valid_uid = ${Math.min(uid, 100)}`,
        `postmaster_address = postmaster@${host}`,
        'passdb {',
        '  driver = passwd-file',
        `  args = scheme=PLAIN username_format=%u ${dir}/users`,
        '}',
        'userdb {',
        '  driver = static',
        `  args = uid=${uid} gid=${gid} home=${mailDir}/%u`,
        '}',
        'namespace inbox {',
        '  inbox = yes',
        '  separator = /',
        mailbox('Drafts', 'Drafts'),
        mailbox('Sent', 'Sent'),
        mailbox('Trash', 'Trash'),
        mailbox('Junk', 'Junk'),
        '}',
        'service imap-login {',
        '  inet_listener imap {',
        '    address = 127.0.0.1',
        `    port = ${imapPort}`,
        '  }',
        '  inet_listener imaps {',
        '    port = 0',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const dovecot = spawn(DOVECOT, ['-F', '-c', dovecotConf], { detached: true, stdio: 'pipe' });
    children.push(dovecot);
    collect('dovecot', dovecot);

    // The SMTP sink.
    sink = await startSmtpSink(host);

    // Roundcube.
    const httpPort = await freePort();
    const origin = `http://${host}:${httpPort}`;
    const configDir = join(dir, 'config');
    await mkdir(configDir);
    await mkdir(join(dir, 'logs'));
    await mkdir(join(dir, 'temp'));
    await symlink(DEFAULTS, join(configDir, 'defaults.inc.php'));
    if (existsSync(MIMETYPES)) await symlink(MIMETYPES, join(configDir, 'mimetypes.php'));
    const config: Record<string, string | number | boolean | string[]> = {
      db_dsnw: `sqlite:///${dir}/roundcube.db?mode=0640`,
      imap_host: `127.0.0.1:${imapPort}`,
      smtp_host: `127.0.0.1:${sink.port}`,
      // No AUTH: the sink takes any sender (Roundcube's default would log in with the IMAP credentials).
      smtp_user: '',
      smtp_pass: '',
      smtp_helo_host: host,
      log_dir: `${dir}/logs`,
      temp_dir: `${dir}/temp`,
      des_key: randomBytes(12).toString('hex'),
      product_name: 'Roundcube Webmail',
      support_url: '',
      skin: 'elastic',
      plugins: [],
      // Always compose HTML: the reply editor is TinyMCE.
      htmleditor: 1,
      // Save a copy of every sent message in Sent (created on first login with the other special folders).
      sent_mbox: 'Sent',
      create_default_folders: true,
      mail_domain: host,
      username_domain: '',
      enable_spellcheck: false,
      enable_installer: false,
      // Sessions should outlive a long test file.
      session_lifetime: 60,
      // Fixed, so the pages' labels are the same wherever the tests run (dates follow the browser's time zone,
      // Roundcube's default `timezone: 'auto'`).
      language: 'en_US',
    };
    const php = (value: string | number | boolean | string[]): string =>
      Array.isArray(value)
        ? `[${value.map(phpString).join(', ')}]`
        : typeof value === 'string'
          ? phpString(value)
          : String(value);
    await writeFile(
      join(configDir, 'config.inc.php'),
      `<?php\n$config = [];\n${Object.entries(config)
        .map(([key, value]) => `$config['${key}'] = ${php(value)};`)
        .join('\n')}\n`,
    );
    const server = spawn(PHP, ['-S', `127.0.0.1:${httpPort}`, '-t', PUBLIC_HTML], {
      detached: true,
      stdio: 'pipe',
      env: {
        ...process.env,
        ROUNDCUBE_CONFIG_DIR: configDir,
        // Roundcube's pages load many scripts and poll in the background: serve requests side by side.
        PHP_CLI_SERVER_WORKERS: '4',
      },
    });
    children.push(server);
    collect('php', server);

    await waitForPort(imapPort, dovecot, 'dovecot', () => logs.dovecot ?? '');
    await waitForPort(httpPort, server, 'php -S', () => logs.php ?? '');

    const deliver = async (mail: MailInput): Promise<number> => {
      const message = formatMail(mail, user);
      await run(DOVECOT_LDA, ['-c', dovecotConf, '-d', user, '-f', mail.from.email], message);
      const messageId = /^Message-ID: (.*)$/im.exec(message)![1]!.trim();
      const found = await run(DOVEADM, [
        '-c',
        dovecotConf,
        'search',
        '-u',
        user,
        'mailbox',
        'INBOX',
        'header',
        'Message-ID',
        messageId,
      ]);
      const uids = found
        .trim()
        .split('\n')
        .map((line) => Number(line.trim().split(/\s+/)[1]));
      const last = uids.at(-1);
      if (!last || !Number.isFinite(last))
        throw new Error(`delivered ${messageId}, but IMAP does not find it`);
      return last;
    };
    const seeded: number[] = [];
    for (const mail of options.mails ?? SEED_MAILS) seeded.push(await deliver(mail));

    const readMaildir = async (folder: string): Promise<SentMail[]> => {
      const base = join(mailDir, user, 'Maildir', folder);
      const files: string[] = [];
      for (const sub of ['cur', 'new']) {
        const names = await readdir(join(base, sub)).catch(() => [] as string[]);
        files.push(...names.map((name) => join(base, sub, name)));
      }
      // Maildir names start with the delivery time in seconds, then a per-process counter: oldest first.
      files.sort((a, b) => (a.split('/').pop()! < b.split('/').pop()! ? -1 : 1));
      return Promise.all(
        files.map(async (file) => {
          const raw = await readFile(file, 'utf8');
          return { raw, ...decodeMail(raw) };
        }),
      );
    };

    return {
      origin,
      host,
      port: httpPort,
      user,
      password,
      email: user,
      chromiumArgs: [`--host-resolver-rules=MAP ${host} 127.0.0.1`],
      firefoxPrefs: {
        // Names Firefox resolves to the loopback address itself, whatever the system resolver says.
        'network.dns.localDomains': host,
      },
      seeded,
      startupMs: Date.now() - started,
      dir,
      async login(page) {
        await page.goto(`${origin}/?_task=login`);
        await page.waitForSelector('#rcmloginuser', { timeout: 30_000 });
        await page.type('#rcmloginuser', user);
        await page.type('#rcmloginpwd', password);
        await page.click('#rcmloginsubmit');
        await page.waitForSelector('#messagelist', { timeout: 30_000 });
      },
      deliver,
      async sent() {
        const smtp = (sink?.messages ?? []).map((message) => ({
          raw: message.raw,
          envelope: { from: message.from, to: message.to },
          ...decodeMail(message.raw),
        }));
        return { smtp, sentFolder: await readMaildir('.Sent') };
      },
      stop,
    };
  } catch (error) {
    const detail = `${logs.php ?? ''}${await readLog('dovecot.log')}`;
    await stop();
    throw new Error(`${(error as Error).message}${detail ? `\n${detail}` : ''}`);
  }
}
