/**
 * The content script's main bundle: what the worker runs in the loader's world (src/content/index.ts) once Deskmate
 * is on for the page. Built apart as `content/main.js` (scripts/content-script.ts).
 */
import { boot } from './runtime/boot.ts';
import { takeHandover } from './runtime/handover.ts';
// Registers the loader the built script's on-demand imports call (scripts/content-script.ts).
import './runtime/lazy.ts';

const handover = takeHandover();
boot(handover).catch((error) => {
  // Never trap a send the loader held.
  handover?.release();
  console.error('Deskmate could not start on this page:', error);
});
