/** Every benchmark suite, registered in this one place, in the order they appear in BENCHMARKS.md. */

import { foundationSuite } from './foundation.ts';
import { slaSuite } from './sla.ts';
import { slaPageSuite } from './sla-page.ts';
import type { BenchSuite } from './suite.ts';

export const suites: BenchSuite[] = [foundationSuite, slaSuite, slaPageSuite];
