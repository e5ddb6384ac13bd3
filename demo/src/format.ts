/** How the demo shows times, names and channels: the small conventions every helpdesk UI shares. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "12 min ago", "3 h ago", "2 days ago": the queue's glanceable age of a ticket or message. */
export function relativeTime(iso: string, now: Date, locale = 'en-US'): string {
  const elapsed = now.getTime() - new Date(iso).getTime();
  if (elapsed < MINUTE) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  return format.format(-Math.floor(elapsed / DAY), 'day');
}

/** "Nov 22, 1:09 PM": the full time of a message or ticket, in the agent's own time zone. */
export function absoluteTime(iso: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** The customer's wall-clock time, so the agent knows whether "call me now" means 3 a.m. for them. */
export function localTimeIn(timeZone: string, now: Date, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(now);
}

/** "Maya Thompson" → "MT", for avatars. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** A stable avatar colour per person, from a small palette that keeps white initials readable. */
export function avatarHue(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % 360;
}

export const CHANNEL_LABELS = { email: 'Email', chat: 'Chat', web: 'Web form' } as const;
