/**
 * `npm test`: everything, in the order that fails fastest: type check, lint and format, unit tests, the build
 * and `web-ext lint` of the Firefox package, then the end-to-end suite in Chromium and Firefox. Ends with one
 * line `N passed, N failed` counting every test and check.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { prepareE2e } from './e2e.ts';

interface StepResult {
  name: string;
  passed: number;
  failed: number;
}

const results: StepResult[] = [];

function run(command: string, args: string[]): boolean {
  console.info(`\n▶ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit' }).status === 0;
}

function check(name: string, command: string, args: string[]): void {
  const ok = run(command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

/** Runs vitest with a JSON report and counts its tests (a crash before any test counts as one failure). */
function vitest(name: string, args: string[]): void {
  mkdirSync('test-results', { recursive: true });
  const report = `test-results/${name}.json`;
  const ok = run('npx', [
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    results.push({
      name,
      passed: json.numPassedTests,
      failed: json.numFailedTests + (ok || json.numFailedTests ? 0 : 1),
    });
  } catch {
    results.push({ name, passed: 0, failed: 1 });
  }
}

check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('typecheck src/core (no DOM, no Node)', 'npx', ['tsc', '-p', 'tsconfig.core.json']);
check('lint and format (biome)', 'npx', ['biome', 'check', '.']);
vitest('unit', []);

let built = true;
try {
  console.info('\n▶ build (chrome, firefox, demo)');
  await prepareE2e();
} catch (error) {
  console.error(`build: ${(error as Error).message}`);
  built = false;
  results.push({ name: 'build', passed: 0, failed: 1 });
}
if (built) {
  check('web-ext lint (Firefox build: 0 errors)', 'npx', ['web-ext', 'lint', '--source-dir', 'dist/firefox']);
  vitest('e2e', ['-c', 'vitest.e2e.config.ts']);
}

console.info('\nSummary');
for (const result of results) {
  console.info(
    `  ${result.failed ? '✗' : '✓'} ${result.name}: ${result.passed} passed, ${result.failed} failed`,
  );
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.info(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
