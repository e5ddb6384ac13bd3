/**
 * What a status-bar clock update costs the helpdesk page: main-thread time in the page's renderer for one
 * refresh (the content script asks the worker for the ticket's clocks and re-renders the strip), measured in
 * Chromium with the DevTools protocol's task counters over many updates.
 */
import { buildExtension } from '../../scripts/build.ts';
import { buildDemo, startDemoServer } from '../../scripts/serve-demo.ts';
import { launchChromium } from '../e2e/support/chromium.ts';
import { type BenchSuite, fmt, table } from './suite.ts';

export const slaPageSuite: BenchSuite = {
  id: 'sla-page',
  title: 'SLA clocks: cost of a status-bar update on the page (Chromium)',
  async run() {
    // The demo build (the demo helpdesk's adapter and clients), for the port the demo server got.
    await buildDemo();
    const demo = await startDemoServer(0);
    const dir = await buildExtension('chrome', { port: Number(new URL(demo.origin).port) });
    const browser = await launchChromium({ extensionDir: dir });
    const page = await browser.context.newPage();
    await page.goto(`${demo.origin}/agent/tickets/1044`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { state: 'attached' });
    await page.waitForTimeout(1500);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as {
        metrics: Array<{ name: string; value: number }>;
      };
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    };
    // A visibilitychange to "visible" makes the feature refresh its clocks (as returning to the tab does).
    const trigger = () => page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const measure = async (n: number, action: () => Promise<unknown>) => {
      const before = await metrics();
      for (let i = 0; i < n; i++) {
        await action();
        await page.waitForTimeout(40);
      }
      const after = await metrics();
      return {
        task: ((after.TaskDuration! - before.TaskDuration!) * 1000) / n,
        script: ((after.ScriptDuration! - before.ScriptDuration!) * 1000) / n,
      };
    };
    // Baseline: the same round trip from the test driver, dispatching an event nobody listens to.
    const idle = await measure(50, () =>
      page.evaluate(() => document.dispatchEvent(new Event('deskmate-bench-noop'))),
    );
    const update = await measure(50, trigger);
    await browser.close();
    await demo.close();
    return [
      '50 updates of ticket #1044 on the demo helpdesk (the content script sends the activity signal, asks the worker',
      'for the clocks, and re-renders the strip); the baseline dispatches an event nobody listens to, the same way.',
      '',
      table(
        ['per update', 'main-thread task ms', 'of which script ms'],
        [
          ['status-bar clock update', fmt(update.task, 3), fmt(update.script, 3)],
          ['baseline (event with no listener)', fmt(idle.task, 3), fmt(idle.script, 3)],
          [
            'cost attributable to the update',
            fmt(update.task - idle.task, 3),
            fmt(update.script - idle.script, 3),
          ],
        ],
      ),
    ].join('\n');
  },
};
