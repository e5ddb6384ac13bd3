import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// Unit tests: src/**/*.test.ts(x) and test/unit. The end-to-end suite (test/e2e) runs in real browsers through
// its own runner, scripts/e2e.ts, because it needs the built extension.
export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['test/unit/setup.ts'],
    restoreMocks: true,
    // A guard against hangs, not a speed limit: property tests run for seconds on a loaded shared machine.
    testTimeout: 60_000,
  },
});
