/** Every benchmark suite, registered in this one place, in the order they appear in BENCHMARKS.md. */

import { editingSuite } from '../fixtures/editors/bench.ts';
import { cliStartSuite } from './cli-start.ts';
import { foundationSuite } from './foundation.ts';
import { guardFeelSuite } from './guard-feel.ts';
import { guardPageSuite } from './guard-page.ts';
import { kbImportSuite } from './kb-import.ts';
import { kbLong } from './kb-long.ts';
import { kbSuites } from './kb-speed.ts';
import { piiSuites } from './pii-speed.ts';
import { realAppsPerfSuite } from './real-apps-perf.ts';
import { sitesPerfSuite } from './sites-perf.ts';
import { slaSuite } from './sla.ts';
import { slaPageSuite } from './sla-page.ts';
import type { BenchSuite } from './suite.ts';

export const suites: BenchSuite[] = [
  foundationSuite,
  slaSuite,
  slaPageSuite,
  sitesPerfSuite,
  realAppsPerfSuite,
  ...piiSuites,
  guardPageSuite,
  guardFeelSuite,
  editingSuite,
  ...kbSuites,
  kbLong,
  kbImportSuite,
  cliStartSuite,
];
