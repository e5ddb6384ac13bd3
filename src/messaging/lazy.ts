/**
 * The parts of the content script it loads on demand (scripts/content-script.ts builds them), grouped in the
 * bundles the worker injects: `content/lazy/<bundle>.js`. They are not web-accessible: a web-accessible file at a
 * fixed address tells every site that Deskmate is installed (fetch it: 200). The content script asks the worker
 * (`lazy.load`), which runs the bundle in the content script's own world with `scripting.executeScript`; the
 * bundle puts its modules in the registry below, where the content script's loader (src/content/runtime/lazy.ts)
 * takes them. The registry lives in the content script's isolated world, which the page cannot see.
 */
export const LAZY_BUNDLES = {
  // The data guard's session and the paste guard share the detectors (most of their size): one bundle.
  guard: ['session', 'paste-guard'],
  template: ['template'],
  'palette-filter': ['palette-filter'],
  // re2js, for a custom site's ticket pattern: only custom sites with a pattern load it.
  'linear-pattern': ['linear-pattern'],
} as const;

export type LazyBundle = keyof typeof LAZY_BUNDLES;
export const LAZY_BUNDLE_NAMES = Object.keys(LAZY_BUNDLES) as LazyBundle[];

/** The bundle's file in the built extension. */
export const lazyBundleFile = (bundle: LazyBundle): string => `content/lazy/${bundle}.js`;

/**
 * The content script's main bundle (src/content/main.ts): everything but its tiny loader (src/content/index.ts,
 * `content/deskmate.js`, the file the manifest and the custom-site registrations name). The worker runs it in the
 * loader's world, as it runs the on-demand bundles, only once the loader asked (`content.start`) and Deskmate is on
 * for the page, so a page where it is off compiles and runs none of it.
 */
export const MAIN_BUNDLE_FILE = 'content/main.js';

/** `Symbol.for` keys in the content script's world: the loaded bundles' modules, and the loader itself. */
export const LAZY_REGISTRY = 'deskmate.lazy.modules';
export const LAZY_LOADER = 'deskmate.lazy.load';
