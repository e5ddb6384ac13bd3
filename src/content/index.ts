/**
 * Deskmate's content script, injected into the helpdesk pages the site adapters match.
 */
import { boot } from './runtime/boot.ts';

boot().catch((error) => console.error('Deskmate could not start on this page:', error));
