/**
 * Article HTML comes from files a client exported from another tool: it is untrusted. Everything Deskmate shows
 * or inserts goes through DOMPurify with a strict profile: no scripts, event handlers, `javascript:`/`data:`
 * URLs, forms, frames, SVG/MathML, and no CSS at all (`style` elements and attributes, classes and ids a page's
 * stylesheet could use to overlay or hide things).
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
];
const FORBID_ATTR = ['style', 'class', 'id', 'srcset', 'formaction', 'xlink:href', 'action', 'background'];
/** Links may go to the web, mail and phone: nothing that runs code or embeds data. */
const SAFE_URL = /^(?:https?:|mailto:|tel:|#)/i;

let hooked = false;

const escapeAll = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sanitizeArticleHtml(html: string): string {
  // Where DOMPurify cannot work (no usable DOM), nothing passes as markup: the HTML is shown as text.
  if (!DOMPurify.isSupported) return escapeAll(html);
  if (!hooked) {
    hooked = true;
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      // DOMPurify lets images keep `data:` URLs whatever the URL rule says; Deskmate does not (an SVG image, a
      // tracking payload, megabytes pasted into a reply).
      for (const attribute of ['src', 'href']) {
        if (/^\s*data:/i.test(node.getAttribute(attribute) ?? '')) node.removeAttribute(attribute);
      }
      // A link opens outside the helpdesk and cannot reach back to it.
      if (node.tagName === 'A' && node.hasAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
  }
  return DOMPurify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: SAFE_URL,
    RETURN_TRUSTED_TYPE: false,
  }) as string;
}
