/** What the "no network request of its own" tests share, in Chromium and in Firefox. */
import type { LoggedRequest } from './request-log.ts';

/** Every section of the options page, each opened in turn. */
export const OPTIONS_SECTIONS = [
  'settings',
  'clients',
  'sites',
  'clocks',
  'knowledge',
  'guard',
  'audit',
  'reports',
  'keybindings',
  'about',
];

/**
 * The requests that go anywhere but the allowed origins (the helpdesk page's own, the extension's), as
 * `url (from target)`. Inline data (`data:`, `blob:`, `about:`) never leaves the browser.
 */
export function foreignRequests(
  requests: readonly LoggedRequest[],
  allowedOrigins: readonly string[],
): string[] {
  return requests
    .filter(({ url }) => {
      if (/^(data|blob|about):/.test(url)) return false;
      try {
        // Not URL.origin: it is "null" for chrome-extension: and moz-extension: URLs.
        const parsed = new URL(url);
        return !allowedOrigins.includes(`${parsed.protocol}//${parsed.host}`);
      } catch {
        return true;
      }
    })
    .map(({ url, targetType, targetUrl }) => `${url} (from ${targetType} ${targetUrl})`);
}
