import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personName } from '../../../src/core/person-name.ts';

describe('a person’s name as pages show it', () => {
  it('leaves the address out of "Name <address>" (Request Tracker, webmail) and "Name (address)"', () => {
    expect(personName('Tom Becker <tom.becker@example.com>')).toBe('Tom Becker');
    expect(personName('  Tom   Becker\n<tom.becker@example.com> ')).toBe('Tom Becker');
    expect(personName('Tom Becker (tom.becker@example.com)')).toBe('Tom Becker');
  });

  it('reads a quoted "Last, First" as mail writes it', () => {
    expect(personName('"Becker, Tom" <tom@example.com>')).toBe('Tom Becker');
    expect(personName('"Tom Becker"')).toBe('Tom Becker');
  });

  it('is no name when the page shows only an address, or nothing', () => {
    expect(personName('tom.becker@example.com')).toBeUndefined();
    expect(personName('<tom.becker@example.com>')).toBeUndefined();
    expect(personName('   ')).toBeUndefined();
    expect(personName(undefined)).toBeUndefined();
  });

  it('keeps plain names as they are, accents and hyphens included', () => {
    expect(personName('Zoë Müller-Lüdenscheidt')).toBe('Zoë Müller-Lüdenscheidt');
    expect(personName("Seán O'Brien")).toBe("Seán O'Brien");
  });

  it('never returns an address or an empty name, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const name = personName(text);
        if (name === undefined) return;
        expect(name).not.toBe('');
        expect(name).not.toMatch(/[^\s<>()"]+@[^\s<>()"]+/);
      }),
    );
  });
});
