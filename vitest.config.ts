import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { DEFAULT_DEMO_PORT } from './scripts/serve-demo.ts';
import { buildFlags } from './vite.config.ts';

// Unit tests: src/**/*.test.ts(x) and test/unit. The end-to-end suite (test/e2e) runs in real browsers through
// its own runner, scripts/e2e.ts, because it needs the built extension.
export default defineConfig({
  plugins: [preact()],
  // Unit tests see the demo build (src/build-flags.d.ts): the demo helpdesk on 127.0.0.1:5178.
  define: buildFlags({ port: DEFAULT_DEMO_PORT }),
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['test/unit/setup.ts'],
    restoreMocks: true,
    // A guard against hangs, not a speed limit: property tests run for seconds on a loaded shared machine.
    testTimeout: 60_000,
  },
});
