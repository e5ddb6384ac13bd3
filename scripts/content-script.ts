/**
 * The content script, built apart from the rest of the extension (crxjs would emit a loader that `import()`s an
 * ES module and its chunks, each fetched, compiled and evaluated by the page's module loader on every helpdesk
 * page load):
 * - what every page runs is ONE small classic script (an IIFE), `content/deskmate.js`, listed in the manifest's
 *   `content_scripts` and registered by the worker for custom and paste sites: the loader (src/content/index.ts),
 *   which asks the worker whether Deskmate runs on the page and holds sends until it knows;
 * - the main bundle (src/content/main.ts), `content/main.js`, a classic script the worker runs in the loader's
 *   world when Deskmate is on for the page (src/messaging/lazy.ts, MAIN_BUNDLE_FILE), so that a page where it is
 *   off compiles none of it;
 * - the parts it loads on demand (the data guard's session, answer templates, the paste guard, the palette's
 *   fuzzy filter) are classic scripts too, one per bundle of src/messaging/lazy.ts under `content/lazy/`. The
 *   worker runs a bundle in the content script's world when the content script asks (src/content/runtime/lazy.ts):
 *   no file of Deskmate is web-accessible, so no site can probe for one to learn Deskmate is installed (finding 9
 *   of issue 12; Chrome's `use_dynamic_url` breaks module imports: the dynamic URL redirects to the fixed one,
 *   which is then refused). A bundle shares nothing with the classic script: a module both import is a second
 *   copy with its own state, so what must be one (the workbench, the UI host, the DOM watcher) is handed to the
 *   modules as parameters, and they render with their own Preact (src/content/workbench/layer.ts).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, transform } from 'esbuild';
import {
  LAZY_BUNDLES,
  LAZY_LOADER,
  LAZY_REGISTRY,
  type LazyBundle,
  lazyBundleFile,
  MAIN_BUNDLE_FILE,
} from '../src/messaging/lazy.ts';
import { PICKER_FILE } from '../src/messaging/picker.ts';
import { buildFlags } from '../vite.config.ts';
import type { Browser, DemoOptions } from './build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The classic script's path in the built extension: the loader every matched page runs. */
export const CONTENT_SCRIPT = 'content/deskmate.js';
/**
 * Options › Sites' element picker (src/content/picker/picker.ts), a classic script of its own that the options page
 * runs in a helpdesk tab (`scripting.executeScript`, src/messaging/picker.ts): no page load ever pays for it.
 */
const PICKER_ENTRY = 'src/content/picker/picker.ts';
/** The main bundle's entry (the manifest names the loader's). */
const MAIN_ENTRY = 'src/content/main.ts';
/** Above this, the loader is no longer the small script every page can afford: say so at build time. */
const LOADER_MAX_BYTES = 16 * 1024;
/** The modules the content script imports on demand (`import('…')` in the sources), by name in LAZY_BUNDLES. */
const LAZY_MODULES: Record<string, string> = {
  session: 'src/content/guard/session.ts',
  template: 'src/content/answers/template.ts',
  'paste-guard': 'src/content/guard/paste-guard.ts',
  'palette-filter': 'src/content/workbench/palette-filter.ts',
  // re2js, for a custom site's ticket pattern (settings' patterns never run on the backtracking RegExp).
  'linear-pattern': 'src/core/linear-pattern.ts',
};
/** What an on-demand `import()` is left as in the classic script until it becomes a call of the loader. */
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

/**
 * Large data modules as `JSON.parse('…')` instead of an object literal: the engine compiles a script before it runs
 * it, on the page's main thread, and a 166 KB object literal (libphonenumber-js's metadata) is parsed as code,
 * while a string is only scanned and JSON is parsed faster than the same object written as JavaScript.
 */
function dataAsJson(): Plugin {
  return {
    name: 'data-as-json',
    setup(build) {
      build.onLoad(
        { filter: /libphonenumber-js[\\/]metadata\.(min|max|mobile)\.json\.js$/ },
        async (args) => {
          const json = await readFile(args.path.replace(/\.js$/, ''), 'utf8');
          JSON.parse(json); // fails the build, not the page, if the package ever ships something else
          return { contents: `export default JSON.parse(${JSON.stringify(json.trim())});`, loader: 'js' };
        },
      );
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

const common = (browser: Browser, demo: DemoOptions | undefined) =>
  ({
    define: buildFlags(demo),
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

const bundleOf = (name: string): LazyBundle => {
  for (const [bundle, names] of Object.entries(LAZY_BUNDLES) as Array<[LazyBundle, readonly string[]]>)
    if (names.includes(name)) return bundle;
  throw new Error(`the lazy module "${name}" is in no bundle of src/messaging/lazy.ts`);
};

/**
 * One on-demand bundle as a classic script that puts its modules in the content script world's registry.
 * Running it again (a second content script in the frame after an extension update) replaces nothing loaded.
 */
function bundleEntry(bundle: LazyBundle): string {
  const names = LAZY_BUNDLES[bundle] as readonly string[];
  const imports = names.map(
    (name, i) => `import * as m${i} from ${JSON.stringify(join(ROOT, LAZY_MODULES[name]!))};`,
  );
  const modules = names.map((name, i) => `${JSON.stringify(name)}: m${i}`).join(', ');
  return [
    ...imports,
    `const registry = (globalThis[Symbol.for(${JSON.stringify(LAZY_REGISTRY)})] ??= {});`,
    `registry[${JSON.stringify(bundle)}] ??= { ${modules} };`,
  ].join('\n');
}

/**
 * The data guard's bundle takes `re2js` from the on-demand `linear-pattern` bundle (src/content/guard/
 * re2js-on-demand.ts): re2js is a third of the guard's code, it runs only a policy's custom detectors, and the
 * content script loads it before such a policy reaches the page (src/content/runtime/pattern-engine.ts).
 */
const RE2JS_ON_DEMAND = 'src/content/guard/re2js-on-demand.ts';
const ON_DEMAND_PACKAGES: Partial<Record<LazyBundle, Record<string, string>>> = {
  guard: { re2js: RE2JS_ON_DEMAND },
};

function onDemandPackages(bundle: LazyBundle): Plugin {
  const aliases = ON_DEMAND_PACKAGES[bundle] ?? {};
  return {
    name: 'on-demand-packages',
    setup(build) {
      for (const [name, path] of Object.entries(aliases))
        build.onResolve({ filter: new RegExp(`^${name}$`) }, () => ({ path: join(ROOT, path) }));
    },
  };
}

/** The loader may load nothing on demand itself: its one job is to have the worker run the main bundle. */
function noLazyModules(): Plugin {
  return {
    name: 'no-lazy-modules',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'dynamic-import')
          throw new Error(`${args.importer}: the loader imports nothing on demand (import('${args.path}'))`);
        return undefined;
      });
    },
  };
}

/**
 * Builds the content script into `dir` (a built extension) and returns its files: the loader the manifest names,
 * the main bundle and the on-demand bundles (none of which is web-accessible).
 */
export async function buildContentScript(
  browser: Browser,
  dir: string,
  entry: string,
  demo?: DemoOptions,
): Promise<{ script: string; main: string; lazy: string[] }> {
  for (const name of Object.keys(LAZY_MODULES)) bundleOf(name);
  const lazy: string[] = [];
  for (const bundle of Object.keys(LAZY_BUNDLES) as LazyBundle[]) {
    const file = lazyBundleFile(bundle);
    const built = await build({
      ...common(browser, demo),
      stdin: {
        contents: bundleEntry(bundle),
        resolveDir: ROOT,
        sourcefile: `lazy-${bundle}.js`,
        loader: 'js',
      },
      outfile: join(dir, file),
      format: 'iife',
      plugins: [inlineCss(browser), onDemandPackages(bundle), dataAsJson()],
      metafile: true,
    });
    for (const name of Object.keys(ON_DEMAND_PACKAGES[bundle] ?? {}))
      if (Object.keys(built.metafile.inputs).some((input) => input.includes(`node_modules/${name}/`)))
        throw new Error(`the ${bundle} bundle carries ${name}, which it must take from its on-demand bundle`);
    lazy.push(file);
  }
  await build({
    ...common(browser, demo),
    entryPoints: [PICKER_ENTRY],
    outfile: join(dir, PICKER_FILE),
    format: 'iife',
    plugins: [dataAsJson()],
  });
  lazy.push(PICKER_FILE);
  const loader = await build({
    ...common(browser, demo),
    entryPoints: [entry],
    format: 'iife',
    write: false,
    plugins: [noLazyModules()],
  });
  const loaderText = loader.outputFiles[0]!.text;
  if (loaderText.length > LOADER_MAX_BYTES)
    throw new Error(
      `${entry}: the loader every helpdesk page runs is ${loaderText.length} bytes (at most ${LOADER_MAX_BYTES}): ` +
        'what it imports belongs in the main bundle',
    );
  const script = await build({
    ...common(browser, demo),
    entryPoints: [MAIN_ENTRY],
    format: 'iife',
    write: false,
    plugins: [inlineCss(browser), lazyModules(), dataAsJson()],
  });
  let text = script.outputFiles[0]!.text;
  for (const name of Object.keys(LAZY_MODULES)) {
    // The loader (src/content/runtime/lazy.ts) asks the worker to run the bundle, and resolves to the module.
    text = text.replaceAll(
      `import("${LAZY_PREFIX}${name}")`,
      `globalThis[Symbol.for(${JSON.stringify(LAZY_LOADER)})](${JSON.stringify(bundleOf(name))}, ${JSON.stringify(name)})`,
    );
  }
  if (text.includes(LAZY_PREFIX)) throw new Error(`${MAIN_ENTRY}: an on-demand import was left unresolved`);
  const out = join(dir, CONTENT_SCRIPT);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, loaderText);
  await writeFile(join(dir, MAIN_BUNDLE_FILE), text);
  return { script: CONTENT_SCRIPT, main: MAIN_BUNDLE_FILE, lazy };
}
