/**
 * Serves the helpdesk fixture pages (test/fixtures/sites/<adapter-id>/) at the real helpdesks' addresses: over
 * HTTPS on port 443 with a self-signed certificate made at start with the `openssl` CLI, picking the fixture by
 * the request's Host header through the adapters' own match patterns (so `acme.zendesk.com` gets the Zendesk
 * fixture only if the Zendesk adapter claims it). Chromium is pointed here with `--host-resolver-rules` and told
 * to accept the certificate (`HELPDESK_BROWSER_ARGS`). Every unknown path gets the fixture's index.html, as a
 * single-page app's server does. A fixture with an `app.ts` beside its index.html (its `?app` mode, see fixture-core.js)
 * gets that bundled for production at /app.js and /app.css, on first request.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { adapterMatchesUrl } from '../../../src/content/sites/adapter.ts';
import { siteAdapters } from '../../../src/content/sites/index.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/sites/', import.meta.url));

/** Chromium flags that send every host to this machine (the server) and accept its self-signed certificate. */
export const HELPDESK_BROWSER_ARGS = [
  '--host-resolver-rules=MAP * 127.0.0.1, EXCLUDE localhost',
  '--ignore-certificate-errors',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Why the helpdesk fixtures cannot be served here (null when they can): port 443 needs root, and openssl. */
export function helpdeskServerUnavailable(): string | null {
  if (!existsSync('/usr/bin/openssl') && !existsSync('/usr/local/bin/openssl')) {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      return 'the openssl CLI is not installed';
    }
  }
  if (process.platform !== 'win32' && process.getuid?.() !== 0) return 'port 443 needs root';
  return null;
}

export interface HelpdeskServer {
  /** `https://<host>` for a fixture host, e.g. origin('acme.zendesk.com'). */
  origin(host: string): string;
  /** Requests served, by host (to check the browser really came here). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

function fixtureFor(host: string): string | null {
  // The store build's adapters (this runs in Node, outside any build: no demo adapter here).
  const adapter = siteAdapters.find((candidate) => adapterMatchesUrl(candidate, `https://${host}/`));
  if (!adapter) return null;
  const dir = join(FIXTURES_DIR, adapter.id);
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

const appBundles = new Map<string, Promise<Map<string, Uint8Array>>>();

/** A fixture's app.ts with its dependencies, minified for production as the real app ships: /app.js and /app.css. */
function appBundle(fixtureDir: string): Promise<Map<string, Uint8Array>> {
  let bundle = appBundles.get(fixtureDir);
  if (!bundle) {
    bundle = build({
      entryPoints: { app: join(fixtureDir, 'app.ts') },
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'chrome116',
      define: { 'process.env.NODE_ENV': '"production"' },
      outdir: '/',
      write: false,
      logLevel: 'error',
    }).then(
      (result) =>
        new Map(result.outputFiles.map((file) => [`/${file.path.split('/').pop()}`, file.contents])),
    );
    appBundles.set(fixtureDir, bundle);
    bundle.catch(() => appBundles.delete(fixtureDir));
  }
  return bundle;
}

export async function startHelpdeskServer(port = 443): Promise<HelpdeskServer> {
  const dir = await mkdtemp(join(tmpdir(), 'deskmate-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=deskmate-helpdesk-fixtures',
    ],
    { stdio: 'ignore' },
  );
  const hits = new Map<string, number>();
  const server: Server = createServer(
    { key: readFileSync(key), cert: readFileSync(cert) },
    async (request, response) => {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      hits.set(host, (hits.get(host) ?? 0) + 1);
      const base = fixtureFor(host);
      if (!base) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture for ${host}`);
        return;
      }
      const url = new URL(request.url ?? '/', `https://${host}`);
      if ((url.pathname === '/app.js' || url.pathname === '/app.css') && existsSync(join(base, 'app.ts'))) {
        const body = (await appBundle(base)).get(url.pathname);
        response
          .writeHead(body ? 200 : 404, {
            'content-type': TYPES[extname(url.pathname)]!,
            'cache-control': 'no-store',
          })
          .end(body ?? '');
        return;
      }
      // The router and fact-recording script every fixture page includes.
      const root = url.pathname === '/fixture-core.js' ? FIXTURES_DIR : base;
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (!path.startsWith(resolve(root))) {
        response.writeHead(403).end();
        return;
      }
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) {
        if (extname(url.pathname) && url.pathname !== '/') {
          response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${url.pathname}`);
          return;
        }
        path = join(base, 'index.html');
      }
      const body = await readFile(path);
      response
        .writeHead(200, {
          'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        })
        .end(body);
    },
  );
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  return {
    origin: (host) => `https://${host}${port === 443 ? '' : `:${port}`}`,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
