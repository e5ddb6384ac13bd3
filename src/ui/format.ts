/** Formatting shared by the in-page UI and the pages (small: it ships in the content script). */

/** `0m`, `4m`, `1h 05m`: handle time at a glance. */
export function formatDurationShort(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
