/**
 * Builds the demo helpdesk (a Preact single-page app) into dist/demo, served at the origin's root so that its
 * client-side routes (`/agent/tickets/<id>`) look like a real helpdesk's.
 */
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const demoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: demoRoot,
  base: '/',
  plugins: [preact()],
  // The demo has no public/ folder; without this Vite would look for one under demo/.
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/demo', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { port: 5178, strictPort: true },
});
