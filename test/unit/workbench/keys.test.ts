import { describe, expect, it } from 'vitest';
import {
  buildKeybindingTable,
  chordForCommand,
  commandForChord,
} from '../../../src/core/workbench/keybindings.ts';
import { chordFromEvent, formatChord, normalizeChord } from '../../../src/core/workbench/keys.ts';

const key = (init: Partial<Parameters<typeof chordFromEvent>[0]> & { key: string }) => ({
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...init,
});

describe('key chords', () => {
  it('spells the same chord one way whatever the order and case', () => {
    expect(normalizeChord('Shift+Ctrl+P')).toBe('ctrl+shift+p');
    expect(normalizeChord('control+ALT+Delete')).toBe('ctrl+alt+delete');
    expect(normalizeChord('mod+k', 'mac')).toBe('meta+k');
    expect(normalizeChord('mod+k', 'other')).toBe('ctrl+k');
    expect(normalizeChord('F1')).toBe('f1');
  });

  it('refuses chords with no key or two keys', () => {
    expect(() => normalizeChord('ctrl+shift')).toThrow(/exactly one key/);
    expect(() => normalizeChord('a+b')).toThrow(/exactly one key/);
  });

  it('reads keyboard events by physical key, so Alt combinations work on every layout', () => {
    expect(chordFromEvent(key({ key: 'π', code: 'KeyP', altKey: true, shiftKey: true }))).toBe('alt+shift+p');
    expect(chordFromEvent(key({ key: 'F1', code: 'F1' }))).toBe('f1');
    expect(chordFromEvent(key({ key: ' ', code: 'Space', ctrlKey: true, shiftKey: true }))).toBe(
      'ctrl+shift+space',
    );
    expect(chordFromEvent(key({ key: 'Shift', code: 'ShiftLeft', shiftKey: true }))).toBeUndefined();
  });

  it('formats chords for people', () => {
    expect(formatChord('ctrl+shift+p')).toBe('Ctrl+Shift+P');
    expect(formatChord('alt+arrowdown')).toBe('Alt+↓');
  });
});

describe('keybinding tables', () => {
  const defaults = [
    { key: 'f1', command: 'palette' },
    { key: 'alt+c', command: 'client.switch' },
    { key: 'ctrl+enter', command: 'send.check', when: 'ticket' },
  ];

  it('finds the command for a chord, honouring when-clauses', () => {
    const table = buildKeybindingTable(defaults, []);
    expect(commandForChord(table, 'f1', () => undefined)).toBe('palette');
    expect(commandForChord(table, 'ctrl+enter', () => undefined)).toBeUndefined();
    expect(commandForChord(table, 'ctrl+enter', (k) => k === 'ticket')).toBe('send.check');
  });

  it('lets user rules rebind, add and remove, the last matching rule winning', () => {
    const table = buildKeybindingTable(defaults, [
      { key: 'F1', command: '-palette' },
      { key: 'Ctrl+Shift+P', command: 'palette' },
      { key: 'alt+c', command: 'my.command' },
    ]);
    expect(commandForChord(table, 'f1', () => undefined)).toBeUndefined();
    expect(commandForChord(table, 'ctrl+shift+p', () => undefined)).toBe('palette');
    expect(commandForChord(table, 'alt+c', () => undefined)).toBe('my.command');
    expect(chordForCommand(table, 'palette')).toBe('ctrl+shift+p');
  });

  it('reports unusable rules instead of failing the whole table', () => {
    const table = buildKeybindingTable(defaults, [
      { key: 'ctrl+', command: 'x' },
      { key: 'alt+x', command: 'y', when: 'a &&' },
    ]);
    expect(table.problems).toHaveLength(2);
    expect(commandForChord(table, 'f1', () => undefined)).toBe('palette');
  });
});
