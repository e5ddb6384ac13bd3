/**
 * Deskmate's content script, injected into the helpdesk pages the site adapters match.
 */
import { boot } from './runtime/boot.ts';
// Registers the loader the built script's on-demand imports call (scripts/content-script.ts).
import './runtime/lazy.ts';

boot().catch((error) => console.error('Deskmate could not start on this page:', error));
