/**
 * Key chords in one canonical spelling, so `Ctrl+Shift+P`, `shift+ctrl+p` and a KeyboardEvent for the same keys
 * compare equal: modifiers in a fixed order, lower case, `+` between. `mod` means Cmd on macOS, Ctrl elsewhere.
 */
const MODIFIER_ORDER = ['ctrl', 'alt', 'shift', 'meta'] as const;
const ALIASES: Record<string, string> = {
  control: 'ctrl',
  cmd: 'meta',
  command: 'meta',
  option: 'alt',
  esc: 'escape',
  return: 'enter',
  space: 'space',
  ' ': 'space',
  up: 'arrowup',
  down: 'arrowdown',
  left: 'arrowleft',
  right: 'arrowright',
};

export class KeyChordError extends Error {}

export function normalizeChord(chord: string, platform: 'mac' | 'other' = 'other'): string {
  const parts = chord
    .toLowerCase()
    .split('+')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (part === 'mod' ? (platform === 'mac' ? 'meta' : 'ctrl') : (ALIASES[part] ?? part)));
  const modifiers = new Set(parts.filter((part) => (MODIFIER_ORDER as readonly string[]).includes(part)));
  const keys = parts.filter((part) => !modifiers.has(part));
  if (keys.length !== 1) throw new KeyChordError(`"${chord}" must name exactly one key besides modifiers`);
  return [...MODIFIER_ORDER.filter((m) => modifiers.has(m)), keys[0]].join('+');
}

/** The minimal shape of a KeyboardEvent we need (so this stays free of the DOM). */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export function chordFromEvent(event: KeyLike): string | undefined {
  let key = event.key.toLowerCase();
  if (['control', 'alt', 'shift', 'meta', 'dead', 'unidentified'].includes(key)) return undefined;
  // With Alt or Shift, `key` is layout-dependent (Alt+P gives "π" on a Mac); the physical code is what people mean.
  if (event.code?.startsWith('Key')) key = event.code.slice(3).toLowerCase();
  else if (event.code?.startsWith('Digit')) key = event.code.slice(5);
  key = ALIASES[key] ?? key;
  const modifiers = MODIFIER_ORDER.filter((m) => event[`${m}Key` as const]);
  return [...modifiers, key].join('+');
}

/** For display: `ctrl+shift+p` → `Ctrl+Shift+P`. */
export function formatChord(chord: string): string {
  return chord
    .split('+')
    .map((part) => (part.length === 1 ? part.toUpperCase() : part[0]!.toUpperCase() + part.slice(1)))
    .join('+')
    .replace('Arrowup', '↑')
    .replace('Arrowdown', '↓');
}
