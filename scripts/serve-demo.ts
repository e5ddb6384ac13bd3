/**
 * The demo helpdesk, built and served on 127.0.0.1: what `npm start`, the end-to-end tests and the screenshots run
 * the extension against.
 *
 *   npx tsx scripts/serve-demo.ts [--port 5178]    build, serve, print the URL; Ctrl+C stops it
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { type StaticServer, serveStatic } from './lib/static-server.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_CONFIG = resolve(REPO_ROOT, 'demo/vite.config.ts');
export const DEMO_DIST = resolve(REPO_ROOT, 'dist/demo');
export const DEFAULT_DEMO_PORT = 5178;

/** Builds the demo into dist/demo with its own Vite config (not the extension's). */
export async function buildDemo(): Promise<void> {
  await build({ configFile: DEMO_CONFIG, logLevel: 'warn' });
}

/**
 * Serves the built demo (see `buildDemo`) on 127.0.0.1; unknown paths get index.html so that deep links such as
 * `/agent/tickets/1042` load the app. Port 0 or none picks a free port, as tests want.
 */
export async function startDemoServer(port?: number): Promise<StaticServer> {
  if (!existsSync(resolve(DEMO_DIST, 'index.html'))) {
    throw new Error(
      `The demo helpdesk is not built: ${DEMO_DIST}/index.html is missing. Call buildDemo() first.`,
    );
  }
  return serveStatic(DEMO_DIST, { port, spaFallback: 'index.html' });
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_DEMO_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' } } });
  const port = parsePort(values.port);
  await buildDemo();
  const server = await startDemoServer(port);
  console.log(`Demo helpdesk: ${server.origin}/agent/tickets/1042`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
