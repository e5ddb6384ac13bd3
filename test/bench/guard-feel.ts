/**
 * The data guard where the agent feels it, in Chromium with the built extension on the demo helpdesk:
 * 1. the first scan of a long ticket in a fresh page: a 200-message thread (`?thread=200`, 100 of the messages the
 *    customer's, with the identifiers customers write), the guard started by the agent's first click, the
 *    detection engine just loaded and not yet compiled by the JIT: all of the guard's main-thread work until the
 *    customer's findings are shown, one fresh page per sample. Goal: ≤ 15 ms.
 * 2. per keystroke in a 10,000-character reply holding 50 findings: the guard's own work per key (the
 *    `guard-page` suite measures the same against the page's total). Goal: p95 ≤ 2 ms.
 *    Both are measured twice: timed inside the content script (wall clock) and traced by Chromium, whose trace
 *    also gives the time the main thread actually ran (guard-trace.ts: on a shared machine the wall clock's tail
 *    is mostly other processes running while a callback waits for the core).
 * 3. what the customer-aware check adds per keystroke, with a shift's memory in place (the agent read Maya's
 *    200-message thread, then types into Daniel's reply, which holds two of Maya's values): timed inside the
 *    content script on its own (`customers` entries), and, because Chromium's timer is coarse (0.1 ms outside
 *    cross-origin isolation), also in a plain Chromium page running the same core code 20 times per keystroke.
 *    Goal: ≤ 0.2 ms.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { buildExtension } from '../../scripts/build.ts';
import { buildDemo, startDemoServer } from '../../scripts/serve-demo.ts';
import { launchChromium } from '../e2e/support/chromium.ts';
import { deskmateElements } from '../e2e/support/shadow.ts';
import { composerText, inDeskmateWorld, perKeystroke } from './guard-page.ts';
import {
  guardBundleLoad,
  guardTime,
  guardTimePerKey,
  type MainThreadTime,
  traceTimeline,
} from './guard-trace.ts';
import { type BenchSuite, fmt, type Summary, summarize, table } from './suite.ts';

const QUICK = process.env.DESKMATE_BENCH_QUICK === '1';
const FRESH_PAGES = QUICK ? 3 : 30;
const KEYSTROKES = QUICK ? 40 : 300;
const THREAD = 200;
const REPEATS_PER_KEY = 20;

interface Work {
  kind: string;
  ms: number;
}

/** Met or missed, at the precision shown (a 0.1 ms timer reads 0.2 as 0.20000000298…). */
const goal = (value: number, limit: number, digits = 2) =>
  Number(value.toFixed(digits)) <= limit ? 'met' : 'missed';

/** The core's check in a plain page: 10,000 characters, 50 findings, a shift's memory; ms per keystroke. */
async function coreCheckInPage(page: Page): Promise<Summary> {
  const bundled = await build({
    stdin: {
      contents: `
        import { evaluate, defaultPolicy } from './index.ts';
        import { markRemembered, customerRules, ticketKeys, valueHasher } from './customers/check.ts';
        import { keyHasher } from './customers/hash.ts';
        import { CustomerMemory } from './customers/memory.ts';
        globalThis.__bench = (draft, keystrokes, repeats, thread) => {
          const policy = defaultPolicy();
          const rules = customerRules(policy);
          const hash = keyHasher('bench-salt');
          const memory = new CustomerMemory();
          // A shift: 400 tickets of other customers, the last one Maya's long thread.
          for (let t = 0; t < 399; t++)
            memory.remember({ ticket: 'demo:' + t, label: '#' + t, customer: 'c' + t,
              hashes: Array.from({ length: 10 }, (_, k) => hash('EMAIL_ADDRESS:c' + t + '.' + k + '@example.com')) }, t);
          const texts = thread.map((text) => ({ text, findings: evaluate(text, policy) }));
          memory.remember({ ticket: 'demo:1099', label: '#1099', customer: 'maya',
            hashes: ticketKeys({ name: 'Maya Thompson', email: 'maya.thompson@example.com' }, texts, rules.remember).map(hash) }, 400);
          const owners = new Map(memory.othersFor('demo:1043', 'daniel').map((o) => [o.hash, o.label]));
          const check = { hash, hashValue: valueHasher(hash), owners, remember: rules.remember, action: rules.wrongCustomer,
            reason: (label) => 'belongs to another customer (' + label + ')' };
          const times = [];
          let text = draft;
          let marked = 0;
          for (let k = 0; k < keystrokes; k++) {
            text += 'the quick brown fox '[k % 20];
            const findings = evaluate(text, policy);
            const started = performance.now();
            let out;
            for (let r = 0; r < repeats; r++) out = markRemembered(text, findings, check);
            times.push((performance.now() - started) / repeats);
            marked = out.filter((f) => f.belongsTo).length;
          }
          return { times, marked, owners: owners.size, findings: evaluate(text, policy).length };
        };`,
      resolveDir: join(import.meta.dirname, '../../src/core/pii'),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome116',
  });
  await page.setContent('<!doctype html><title>core check</title>');
  await page.addScriptTag({ content: bundled.outputFiles[0]!.text });
  const draft = `${composerText().join('\n')}\nAlso: Maya Thompson, maya.thompson@example.com.\n`;
  const thread = await threadTexts();
  const result = (await page.evaluate(
    ([text, keys, repeats, messages]) =>
      (
        globalThis as unknown as {
          __bench(d: string, k: number, r: number, t: string[]): { times: number[]; marked: number };
        }
      ).__bench(text, keys, repeats, messages),
    [draft, KEYSTROKES, REPEATS_PER_KEY, thread] as const,
  )) as { times: number[]; marked: number; owners: number; findings: number };
  coreFacts = { marked: result.marked, owners: result.owners, findings: result.findings };
  return summarize(result.times);
}
let coreFacts = { marked: 0, owners: 0, findings: 0 };

/** The customer's messages of the demo's long thread, as text (the bench's memory learns from them). */
async function threadTexts(): Promise<string[]> {
  const bundled = await build({
    stdin: {
      contents: `import { createLongThread } from './tickets.ts';
        export const texts = createLongThread(${THREAD}).messages.filter((m) => m.role === 'customer').map((m) => m.body);`,
      resolveDir: join(import.meta.dirname, '../../demo/src'),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
  });
  const module = (await import(
    `data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0]!.text).toString('base64')}`
  )) as { texts: string[] };
  return module.texts;
}

const twoFrames = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );

export const guardFeelSuite: BenchSuite = {
  id: 'guard-feel',
  title: 'Data guard where the agent feels it: first scan, keystroke, wrong-customer check (Chromium)',
  async run() {
    const dir = await mkdtemp(join(tmpdir(), 'deskmate-guard-feel-'));
    await buildDemo();
    const demo = await startDemoServer(0);
    await cp(await buildExtension('chrome', { port: Number(new URL(demo.origin).port) }), dir, {
      recursive: true,
    });
    const browser = await launchChromium({ extensionDir: dir });
    const work = async (page: Page) =>
      (await inDeskmateWorld<Work[]>(page, 'globalThis.__deskmateGuardWork?.splice(0)')) ?? [];
    try {
      // 1. The first scan of the long thread, each time in a fresh page; every other page traced.
      const firstFrames: number[] = [];
      const allWork: number[] = [];
      const tracedWork: MainThreadTime[] = [];
      const bundleLoads: number[] = [];
      const scanned: string[] = [];
      for (let i = 0; i < 2 * FRESH_PAGES; i++) {
        const traced = i % 2 === 1;
        const page = await browser.context.newPage();
        await page.goto(`${demo.origin}/agent/tickets/1099?thread=${THREAD}`);
        await page.waitForSelector('#deskmate-root[data-state="ready"]', {
          state: 'attached',
          timeout: 30_000,
        });
        // Everything the guard did on the page's main thread until the customer's messages' findings were shown:
        // its frames, and taking the findings the worker sent back.
        const seen: Work[] = [];
        const firstScan = async () => {
          await page.click('[data-demo="composer"] .ProseMirror');
          for (let tries = 0; tries < 100 && !seen.some((w) => w.kind === 'messages'); tries++) {
            await page.waitForTimeout(100);
            seen.push(...(await work(page)));
          }
          await twoFrames(page);
          seen.push(...(await work(page)));
        };
        const messagesMs = () => seen.filter((w) => w.kind === 'messages').reduce((sum, w) => sum + w.ms, 0);
        if (traced) {
          const trace = await traceTimeline(page, firstScan);
          const guard = guardTime(trace);
          // Taking the worker's answer runs in a promise callback, which the timeline does not attribute to a
          // script: its time (under a millisecond) is the content script's own timing, in both columns.
          tracedWork.push({ wall: guard.wall + messagesMs(), thread: guard.thread + messagesMs() });
          bundleLoads.push(guardBundleLoad(trace).thread);
        } else {
          await firstScan();
          const frames = seen.filter((w) => w.kind === 'frame');
          if (frames[0]) firstFrames.push(frames[0].ms);
          allWork.push(
            seen
              .filter((w) => w.kind === 'frame' || w.kind === 'place' || w.kind === 'messages')
              .reduce((sum, w) => sum + w.ms, 0),
          );
        }
        if (i === 0) {
          await page.waitForTimeout(500);
          scanned.push(
            String((await page.locator('[data-demo="conversation"] [data-demo="message"]').count()) || 0),
            String((await deskmateElements(page, 'data-guard-underline', 'message')).length),
          );
        }
        await page.close();
      }
      const first = summarize(firstFrames);
      const whole = summarize(allWork);
      const tracedWall = summarize(tracedWork.map((t) => t.wall));
      const tracedThread = summarize(tracedWork.map((t) => t.thread));
      const loads = summarize(bundleLoads);

      // 2 and 3. Typing into Daniel's reply after reading Maya's long thread.
      const maya = await browser.context.newPage();
      await maya.goto(`${demo.origin}/agent/tickets/1099?thread=${THREAD}`);
      await maya.waitForSelector('#deskmate-root[data-state="ready"]', {
        state: 'attached',
        timeout: 30_000,
      });
      await maya.click('[data-demo="composer"] .ProseMirror');
      await maya.waitForTimeout(1500);
      const daniel = await browser.context.newPage();
      await daniel.goto(`${demo.origin}/agent/tickets/1043?thread=${THREAD}`);
      await daniel.waitForSelector('#deskmate-root[data-state="ready"]', {
        state: 'attached',
        timeout: 30_000,
      });
      await daniel.evaluate(
        (texts) => {
          const editor = window.demoEditor!;
          const { state } = editor.view;
          const nodes = texts.map((text) => state.schema.node('paragraph', null, state.schema.text(text)));
          editor.view.dispatch(state.tr.replaceWith(0, state.doc.content.size, nodes));
          editor.view.focus();
        },
        [...composerText(), 'Also: Maya Thompson, maya.thompson@example.com.'],
      );
      await daniel.click('[data-demo="composer"] .ProseMirror');
      await daniel.keyboard.press('Control+End');
      await daniel.waitForTimeout(1500);
      const problems = (await deskmateElements(daniel, 'data-status-id', 'guard-problems'))[0];
      const status = `${problems?.text ?? 'none'} (${/dm-(error|warning|info)/.exec(problems?.attributes.class ?? '')?.[1] ?? ''})`;
      await work(daniel);
      const letters = 'the quick brown fox jumps over the lazy dog ';
      for (let i = 0; i < KEYSTROKES; i++) {
        const letter = letters[i % letters.length]!;
        await daniel.keyboard.press(letter === ' ' ? 'Space' : letter);
        await twoFrames(daniel);
      }
      const typed = await work(daniel);
      const frames = summarize(perKeystroke(typed));
      const checks = summarize(typed.filter((w) => w.kind === 'customers').map((w) => w.ms));
      // The same typing again, traced.
      const perKey = guardTimePerKey(
        await traceTimeline(daniel, async () => {
          for (let i = 0; i < KEYSTROKES; i++) {
            const letter = letters[i % letters.length]!;
            await daniel.keyboard.press(letter === ' ' ? 'Space' : letter);
            await twoFrames(daniel);
          }
        }),
      );
      const keyWall = summarize(perKey.map((k) => k.wall));
      const keyThread = summarize(perKey.map((k) => k.thread));
      await daniel.close();
      await maya.close();

      const plain = await browser.context.newPage();
      const core = await coreCheckInPage(plain);
      await plain.close();

      return [
        `**1. First scan of a ${THREAD}-message ticket in a fresh page.** Ticket #1099 of the demo (\`?thread=${THREAD}\`;`,
        `${scanned[0] ?? '?'} messages on the page, half of them the customer's, with order numbers, phones, e-mail addresses`,
        `and cards; ${scanned[1] ?? '?'} values underlined in view). Each sample is a new tab; the agent's first click in the`,
        "reply loads the guard. Its first animation-frame callback reads the customer's messages (text maps) and hands",
        "their text to the worker, which scans them with the client's policy off the page's main thread; when the",
        "findings come back they are placed in the next frame. All of the guard's work on the page's main thread until",
        `the findings are shown, ${first.n} fresh pages timed inside the content script (wall clock) interleaved with`,
        `${tracedThread.n} traced by Chromium (test/bench/guard-trace.ts), whose trace also gives the time the main thread`,
        'actually ran: on this shared two-core machine the wall clock also counts the moments the system ran another',
        "process (the browser's other processes, the test driver) in the middle of a callback.",
        '',
        table(
          ['first scan, page main thread (ms)', 'p50', 'p95', 'max', 'goal ≤ 15 ms (p95)'],
          [
            ['first frame, wall clock', fmt(first.p50), fmt(first.p95), fmt(first.max), goal(first.p95, 15)],
            [
              'until the findings are shown, wall clock',
              fmt(whole.p50),
              fmt(whole.p95),
              fmt(whole.max),
              goal(whole.p95, 15),
            ],
            [
              'until the findings are shown, traced: wall clock',
              fmt(tracedWall.p50),
              fmt(tracedWall.p95),
              fmt(tracedWall.max),
              goal(tracedWall.p95, 15),
            ],
            [
              '**until the findings are shown, traced: main thread running**',
              fmt(tracedThread.p50),
              fmt(tracedThread.p95),
              fmt(tracedThread.max),
              goal(tracedThread.p95, 15),
            ],
          ],
        ),
        '',
        `Before the first scan, the first click also loads the guard's bundle (compiling it and running its top level:`,
        `main thread p50 ${fmt(loads.p50)} ms, p95 ${fmt(loads.p95)} ms, traced), once per page, and not part of the scan.`,
        '',
        `**2. Per keystroke** in a 10,000-character reply with 50 findings plus two of another customer's values (the`,
        `status bar showed "${status}"), ${frames.n} keys typed at the end, then ${keyThread.n} more traced: the guard's own`,
        'work per key (timed: its animation-frame callback and the placement task right after it; traced: every call',
        'into its code from one keydown to the next, its key and input listeners too).',
        '',
        table(
          ['per keystroke (ms)', 'mean', 'p50', 'p95', 'max', 'goal ≤ 2 ms (p95)'],
          [
            [
              'timed in the content script, wall clock',
              fmt(frames.mean),
              fmt(frames.p50),
              fmt(frames.p95),
              fmt(frames.max),
              goal(frames.p95, 2),
            ],
            [
              'traced: wall clock',
              fmt(keyWall.mean),
              fmt(keyWall.p50),
              fmt(keyWall.p95),
              fmt(keyWall.max),
              goal(keyWall.p95, 2),
            ],
            [
              '**traced: main thread running**',
              fmt(keyThread.mean),
              fmt(keyThread.p50),
              fmt(keyThread.p95),
              fmt(keyThread.max),
              goal(keyThread.p95, 2),
            ],
          ],
        ),
        '',
        `**3. What the customer-aware check adds per keystroke** (goal ≤ 0.2 ms). In the extension, the check's own`,
        `time inside each frame (Chromium's timer there is 0.1 ms coarse); in a plain Chromium page, the same core`,
        `code on the same draft (${coreFacts.findings} findings, ${coreFacts.marked} of them another customer's) with a shift's`,
        `memory of 400 tickets (${coreFacts.owners} identifiers of other customers), ${REPEATS_PER_KEY} runs per keystroke averaged.`,
        '',
        table(
          ['customer check per keystroke (ms)', 'mean', 'p50', 'p95', 'max', 'goal ≤ 0.2 ms (p95)'],
          [
            [
              'in the extension (0.1 ms timer)',
              fmt(checks.mean, 3),
              fmt(checks.p50, 3),
              fmt(checks.p95, 3),
              fmt(checks.max, 3),
              goal(checks.p95, 0.2, 3),
            ],
            [
              'core code in a page',
              fmt(core.mean, 3),
              fmt(core.p50, 3),
              fmt(core.p95, 3),
              fmt(core.max, 3),
              goal(core.p95, 0.2, 3),
            ],
          ],
        ),
      ].join('\n');
    } finally {
      await browser.close();
      await demo.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
