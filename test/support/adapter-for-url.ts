/**
 * The adapter Deskmate picks for a URL with default settings: the content script's own choice
 * (src/content/runtime/site-choice.ts `chooseSite`), for the tests that ask which adapter claims a page.
 */
import { chooseSite } from '../../src/content/runtime/site-choice.ts';
import type { SiteAdapter } from '../../src/content/sites/adapter.ts';
import { defaultValues } from '../../src/core/settings/definitions.ts';

export function adapterForUrl(url: string): SiteAdapter {
  return chooseSite(url, defaultValues()).adapter;
}
