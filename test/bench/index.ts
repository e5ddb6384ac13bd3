/** Every benchmark suite, registered in this one place, in the order they appear in BENCHMARKS.md. */
import type { BenchSuite } from './suite.ts';

export const suites: BenchSuite[] = [];
