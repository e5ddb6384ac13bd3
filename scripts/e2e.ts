/**
 * `npm run test:e2e [-- files…]`: builds the extension (both browsers: the store build in dist/<browser> and the
 * demo build in dist/<browser>-demo, for the demo helpdesk on a free port) and the demo helpdesk, checks the
 * browsers are installed (saying how to install them when not), then runs the end-to-end suite in real browsers.
 */
import { spawnSync } from 'node:child_process';
import { chromiumPath } from '../test/e2e/support/chromium.ts';
import { firefoxPath } from '../test/e2e/support/firefox.ts';
import { buildDemoExtensions, buildExtension } from './build.ts';
import { buildDemo } from './serve-demo.ts';

export async function prepareE2e(): Promise<void> {
  // Fail early, with the fix, before spending time on builds.
  chromiumPath();
  firefoxPath();
  await buildExtension('chrome');
  await buildExtension('firefox');
  await buildDemoExtensions();
  await buildDemo();
}

export function runE2e(files: string[], extraArgs: string[] = []): number {
  const result = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...extraArgs, ...files], {
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

if (process.argv[1]?.endsWith('e2e.ts')) {
  try {
    await prepareE2e();
  } catch (error) {
    console.error(`e2e: ${(error as Error).message}`);
    process.exit(2);
  }
  process.exit(runE2e(process.argv.slice(2)));
}
