import { defineConfig } from 'vitest/config';

// The end-to-end suite: real browsers with the built extension (run through scripts/e2e.ts, which builds first).
// Files run one at a time: each launches its own browser and two cores are all CI has.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
