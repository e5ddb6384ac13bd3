/**
 * Article HTML comes from files a client exported from another tool: it is untrusted. Everything Deskmate shows
 * or inserts goes through DOMPurify with a strict profile: no scripts, event handlers, `javascript:`/`data:`
 * URLs, forms, frames, SVG/MathML, and no CSS at all (`style` elements and attributes, classes and ids a page's
 * stylesheet could use to overlay or hide things).
 *
 * Nor anything the browser would fetch by itself: an image (`<img src>`, `srcset`, `<picture>`), a poster, a
 * background, a CSS `url()`. A remote image in an article is a tracking pixel: shown in a preview or inserted into
 * a reply, it tells whoever serves it that this agent opened this ticket, when, and from which address, and
 * again when the customer opens the reply. Images stay only from the hosts the client lists in
 * `knowledge.imageHosts` (its own CDN), over https. Links stay: they load nothing until someone clicks them.
 */
import DOMPurify from 'dompurify';

const FORBID_TAGS = [
  'style',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'svg',
  'math',
  'template',
  'noscript',
  'video',
  'audio',
  'source',
  'track',
  'image',
];
const FORBID_ATTR = ['style', 'class', 'id', 'formaction', 'xlink:href', 'action', 'background'];
/** Links may go to the web, mail and phone: nothing that runs code or embeds data. */
const SAFE_URL = /^(?:https?:|mailto:|tel:|#)/i;

/**
 * Attributes whose URL the browser fetches without a click, on any element (`href` only where it is not a
 * link's destination). Whatever DOMPurify's allow-list lets through, these are judged here.
 */
const FETCHED = [
  'src',
  'srcset',
  'lowsrc',
  'dynsrc',
  'data',
  'poster',
  'background',
  'ping',
  'longdesc',
  'cite',
];
const LINKS = new Set(['A', 'AREA']);

export interface SanitizeOptions {
  /**
   * Hosts whose images are kept (`cdn.acme.com`, or `*.acme.com` for a domain and its subdomains): the
   * client's `knowledge.imageHosts`. Without it, no image survives.
   */
  imageHosts?: readonly string[];
}

/** Whether `host` is one of the entries (`name`, or `*.domain` for the domain and any subdomain). */
export function imageHostAllowed(host: string, entries: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return entries.some((entry) => {
    const site = entry.toLowerCase();
    if (!site.startsWith('*.')) return name === site;
    const domain = site.slice(2);
    return name === domain || name.endsWith(`.${domain}`);
  });
}

/**
 * Whether a URL the browser would fetch may stay: absolute https on an allowed host. Relative URLs would be
 * fetched from the helpdesk page's origin once inserted, protocol-relative ones (`//host`) from any host; the URL
 * is resolved the way the browser will (entities are already decoded by the parser), and its host is judged.
 */
function fetchAllowed(value: string, hosts: readonly string[]): boolean {
  if (hosts.length === 0) return false;
  const base = 'https://deskmate.invalid/';
  let url: URL;
  try {
    url = new URL(value.trim(), base);
  } catch {
    return false;
  }
  if (url.href.startsWith(base) || url.protocol !== 'https:' || url.username || url.password) return false;
  return imageHostAllowed(url.hostname, hosts);
}

/** `srcset` candidates (`url 2x, url 640w`): kept only when every one is allowed. */
function srcsetAllowed(value: string, hosts: readonly string[]): boolean {
  // A URL holding a comma splits into pieces that are not allowed URLs: the whole srcset goes (the safe side).
  const candidates = value
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
  return candidates.length > 0 && candidates.every((candidate) => fetchAllowed(candidate, hosts));
}

let current: Required<SanitizeOptions> = { imageHosts: [] };
let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    const hosts = current.imageHosts;
    for (const attribute of FETCHED) {
      const value = node.getAttribute(attribute);
      if (value === null) continue;
      const allowed = attribute === 'srcset' ? srcsetAllowed(value, hosts) : fetchAllowed(value, hosts);
      if (!allowed) node.removeAttribute(attribute);
    }
    const href = node.getAttribute('href');
    if (href !== null) {
      // A link's destination loads nothing by itself, but never data: (DOMPurify lets some through).
      const keep = LINKS.has(node.tagName) ? !/^\s*data:/i.test(href) : fetchAllowed(href, hosts);
      if (!keep) node.removeAttribute('href');
    }
    // A link opens outside the helpdesk and cannot reach back to it.
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

const escapeAll = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sanitizeArticleHtml(html: string, options: SanitizeOptions = {}): string {
  // Where DOMPurify cannot work (no usable DOM), nothing passes as markup: the HTML is shown as text.
  if (!DOMPurify.isSupported) return escapeAll(html);
  hook();
  // The hook reads the options of this call (sanitizing is synchronous: no other call can interleave).
  current = { imageHosts: options.imageHosts ?? [] };
  try {
    return DOMPurify.sanitize(html, {
      FORBID_TAGS,
      FORBID_ATTR,
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      ALLOWED_URI_REGEXP: SAFE_URL,
      RETURN_TRUSTED_TYPE: false,
    }) as string;
  } finally {
    current = { imageHosts: [] };
  }
}
