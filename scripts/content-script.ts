/**
 * The content script, built apart from the rest of the extension (crxjs would emit a loader that `import()`s an
 * ES module and its chunks, each fetched, compiled and evaluated by the page's module loader on every helpdesk
 * page load):
 * - what every page runs is ONE classic script (an IIFE), `content/deskmate.js`, listed in the manifest's
 *   `content_scripts` and registered by the worker for custom and paste sites;
 * - the parts it loads on demand (the data guard's session, answer templates, the paste guard, the palette's
 *   fuzzy filter) are ES modules under `content/lazy/`, which the classic script imports by their extension URL.
 *   They share chunks with each other, never with the classic script: a module both import is a second copy with
 *   its own state, so what must be one (the workbench, the UI host, the DOM watcher) is handed to them as
 *   parameters, and they render with their own Preact (src/content/workbench/layer.ts).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, transform } from 'esbuild';
import type { Browser } from './build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The classic script's path in the built extension. */
export const CONTENT_SCRIPT = 'content/deskmate.js';
const LAZY_DIR = 'content/lazy';
/** The modules the content script imports on demand (`import('…')` in the sources), by output name. */
const LAZY_MODULES: Record<string, string> = {
  session: 'src/content/guard/session.ts',
  template: 'src/content/answers/template.ts',
  'paste-guard': 'src/content/guard/paste-guard.ts',
  'palette-filter': 'src/content/workbench/palette-filter.ts',
  // re2js, for a custom site's ticket pattern (settings' patterns never run on the backtracking RegExp).
  'linear-pattern': 'src/core/linear-pattern.ts',
};
/** What an on-demand `import()` is left as in the classic script until it becomes an extension URL. */
const LAZY_PREFIX = 'deskmate-lazy:';

const targets: Record<Browser, string> = { chrome: 'chrome116', firefox: 'firefox140' };

/** `import styles from './x.css?inline'` (Vite's syntax, used by the sources): the style sheet as a string. */
function inlineCss(browser: Browser): Plugin {
  return {
    name: 'inline-css',
    setup(build) {
      build.onResolve({ filter: /\.css\?inline$/ }, (args) => ({
        path: join(args.resolveDir, args.path.slice(0, -'?inline'.length)),
        namespace: 'inline-css',
      }));
      build.onLoad({ filter: /.*/, namespace: 'inline-css' }, async (args) => {
        const css = await transform(await readFile(args.path, 'utf8'), {
          loader: 'css',
          target: targets[browser],
        });
        return { contents: css.code, loader: 'text', watchFiles: [args.path] };
      });
    },
  };
}

/** Leaves the on-demand modules out of the classic script: their `import()`s stay, to be pointed at the files. */
function lazyModules(): Plugin {
  const byPath = new Map(Object.entries(LAZY_MODULES).map(([name, path]) => [join(ROOT, path), name]));
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const name = byPath.get(join(args.resolveDir, args.path));
        if (!name) throw new Error(`${args.importer}: import('${args.path}') is not one of the lazy modules`);
        return { path: `${LAZY_PREFIX}${name}`, external: true };
      });
    },
  };
}

const common = (browser: Browser) =>
  ({
    absWorkingDir: ROOT,
    bundle: true,
    target: targets[browser],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // Extension code is reviewed by stores and read by admins: keep it readable.
    minify: false,
    legalComments: 'inline',
    charset: 'utf8',
    logLevel: 'warning',
  }) as const;

/**
 * Builds the content script into `dir` (a built extension) and returns the files the page may load: the classic
 * script and the on-demand modules.
 */
export async function buildContentScript(
  browser: Browser,
  dir: string,
  entry: string,
): Promise<{ script: string; lazy: string[] }> {
  const lazy = await build({
    ...common(browser),
    entryPoints: LAZY_MODULES,
    outdir: join(dir, LAZY_DIR),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    metafile: true,
    plugins: [inlineCss(browser)],
  });
  const script = await build({
    ...common(browser),
    entryPoints: [entry],
    format: 'iife',
    write: false,
    plugins: [inlineCss(browser), lazyModules()],
  });
  let text = script.outputFiles[0]!.text;
  for (const name of Object.keys(LAZY_MODULES)) {
    // A classic script's `import()` of a relative path would resolve against the page: use the extension's URL.
    text = text.replaceAll(
      `import("${LAZY_PREFIX}${name}")`,
      `import(globalThis.browser.runtime.getURL("${LAZY_DIR}/${name}.js"))`,
    );
  }
  if (text.includes(LAZY_PREFIX)) throw new Error(`${entry}: an on-demand import was left unresolved`);
  const out = join(dir, CONTENT_SCRIPT);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text);
  return {
    script: CONTENT_SCRIPT,
    lazy: Object.keys(lazy.metafile.outputs).map((file) => relative(dir, join(ROOT, file))),
  };
}
