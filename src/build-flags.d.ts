/**
 * Replaced at build time (vite.config.ts `define`, scripts/content-script.ts `define`, vitest.config.ts for unit
 * tests): the host (`127.0.0.1:<port>`) of the bundled demo helpdesk in a demo build, `null` in the store build.
 * Code tests it directly (`__DESKMATE_DEMO_HOST__ ? … : …`, never through a variable) so that the bundlers fold the
 * store build's branch away and the demo's adapter, clients and articles are not even in its files.
 */
declare const __DESKMATE_DEMO_HOST__: string | null;
