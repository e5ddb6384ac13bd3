/**
 * The demo helpdesk, built and served on 127.0.0.1: what `npm start`, the end-to-end tests and the screenshots run
 * the extension against. Only the demo build of the extension (dist/<browser>-demo) runs on it, and only on the
 * port that build was made for (`npm run build -- --demo-port <port>`; 5178 by default).
 *
 *   npx tsx scripts/serve-demo.ts [--port 5178]    build, serve, print the URL; Ctrl+C stops it
 */
import { existsSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
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

/** A port on 127.0.0.1 that nothing listens on now (for a demo build the tests serve the demo on). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** The demo build of the extension for Chrome (its Firefox twin is dist/firefox-demo). */
export const CHROME_DEMO_BUILD = resolve(REPO_ROOT, 'dist/chrome-demo');

/**
 * The port a demo build of the extension (`dir`, by default dist/chrome-demo) was made for, read from its
 * manifest (the content script's `include_globs`); undefined when there is none.
 */
export function demoBuildPort(dir = CHROME_DEMO_BUILD): number | undefined {
  const path = resolve(dir, 'manifest.json');
  if (!existsSync(path)) return undefined;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    content_scripts?: Array<{ include_globs?: string[] }>;
  };
  for (const script of manifest.content_scripts ?? []) {
    for (const glob of script.include_globs ?? []) {
      const port = /^http:\/\/127\.0\.0\.1:(\d+)\//.exec(glob)?.[1];
      if (port) return Number(port);
    }
  }
  return undefined;
}

/**
 * Serves the built demo (see `buildDemo`) on 127.0.0.1; unknown paths get index.html so that deep links such as
 * `/agent/tickets/1042` load the app. Without a port it is served on the port the demo build of the extension
 * (dist/chrome-demo) was made for, as the tests want, or on a free port when there is no demo build; 0 picks a
 * free port.
 */
export async function startDemoServer(port = demoBuildPort() ?? 0): Promise<StaticServer> {
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
  const served = Number(new URL(server.origin).port);
  if (demoBuildPort() !== served)
    console.log(`Deskmate runs here from a demo build for this port: npm run build -- --demo-port ${served}`);
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
