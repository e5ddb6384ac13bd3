/**
 * The element picker's shapes, shared by Options › Sites (which asks) and the picker script in the helpdesk's tab
 * (src/content/picker/picker.ts, which answers). The options page runs the picker with `scripting.executeScript`
 * on a tab whose site Deskmate has access to: first the file, which registers the picker under PICKER_KEY in the
 * extension's isolated world of the page, then a function that calls it with a request and resolves with its
 * answer. Nothing of it is web-accessible, and the page's scripts cannot reach the isolated world.
 */
import type { SelectorKey } from '../core/settings/custom-site.ts';

/** The picker's file in the built extension (scripts/content-script.ts builds it). */
export const PICKER_FILE = 'content/picker.js';
/** `Symbol.for` key of the picker in the extension's isolated world of the page. */
export const PICKER_KEY = 'deskmate.picker';

export interface PickRequest {
  field: SelectorKey;
  /** What the overlay calls the field ("reply box"). */
  label: string;
  /** For the per-message fields: the site's message selectors, to pick inside a message. */
  messages?: readonly string[];
}

/** What a selector list reads on the page: never a raw value (text is masked before it leaves the page). */
export interface SelectorPreview {
  /** How many elements the first matching variant finds (per-message fields: in how many messages). */
  count: number;
  /** Which variant matched (0 = the first), or null when none did. */
  variant: number | null;
  /** What the element is (`textarea`, `button`, `div#ticket-view`). */
  kind?: string;
  /** What it reads, masked with every built-in type of the data guard and cut to 120 characters. */
  text?: string;
}

export interface PreviewRequest {
  field: SelectorKey;
  selectors: readonly string[];
  messages?: readonly string[];
  /** For `ticketId`: the attribute that holds the id. */
  attribute?: string;
}

export type PickResult =
  | { status: 'picked'; selector: string; preview: SelectorPreview }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

/** What the picker file registers. */
export interface PagePicker {
  pick(request: PickRequest): Promise<PickResult>;
  preview(request: PreviewRequest): SelectorPreview;
  cancel(): void;
}
