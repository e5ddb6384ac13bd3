/**
 * Times helpdesks and webmail show for recent messages relative to today — "Today 14:03" (Roundcube), "Yesterday at
 * 9:12 PM", "Heute, 14:03", "Hier à 09:12" — as epoch ms. `Date.parse` reads none of them, so without this a
 * message from today had no time and the SLA clock fell back to an estimate. The time is the page's wall-clock time
 * in the browser's time zone (what such pages show: the agent's own).
 */

/** The words for today and yesterday in the languages helpdesks are commonly used in. */
const DAYS_AGO: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:today|heute|aujourd['’]hui|hoy|hoje|oggi|vandaag|idag|i dag|dzisiaj|dnes|ma)$/i, 0],
  [/^(?:yesterday|gestern|hier|ayer|ontem|ieri|gisteren|igår|i går|wczoraj|včera|tegnap)$/i, 1],
];

/** "<day word>[,] [at|um|à|a las|às|alle|om] H:MM[:SS] [AM|PM]" */
const FORM =
  /^\s*([\p{L}'’ ]+?)\s*,?\s*(?:(?:at|um|à|a las|a la|às|alle|om|kl\.?)\s+)?(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?\s*$/iu;

/** The epoch ms of a "today/yesterday + time" text, or null when it is not one (or not a valid time). */
export function parseRelativeDay(text: string, now: Date = new Date()): number | null {
  const match = FORM.exec(text.normalize('NFC'));
  if (!match) return null;
  const [, word = '', hourText = '', minuteText = '', secondText, meridiem] = match;
  const daysAgo = DAYS_AGO.find(([pattern]) => pattern.test(word.trim()))?.[1];
  if (daysAgo === undefined) return null;
  let hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText ? Number(secondText) : 0;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    const pm = /^p/i.test(meridiem);
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, hour, minute, second);
  return day.getTime();
}
