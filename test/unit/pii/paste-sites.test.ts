import { describe, expect, it } from 'vitest';
import {
  pasteSiteMatches,
  pasteSiteMatchPatterns,
  pasteSitesFor,
  validateRedactionPolicy,
} from '../../../src/core/pii/index.ts';

describe('paste sites', () => {
  it('matches a host exactly, and *.domain on the domain and every subdomain only', () => {
    expect(pasteSiteMatches('notes.example.com', 'notes.example.com')).toBe(true);
    expect(pasteSiteMatches('notes.example.com', 'NOTES.example.com.')).toBe(true);
    expect(pasteSiteMatches('notes.example.com', 'example.com')).toBe(false);
    expect(pasteSiteMatches('*.example.com', 'example.com')).toBe(true);
    expect(pasteSiteMatches('*.example.com', 'a.b.example.com')).toBe(true);
    // A look-alike domain is not a subdomain.
    expect(pasteSiteMatches('*.example.com', 'badexample.com')).toBe(false);
    expect(pasteSiteMatches('*.example.com', 'example.com.evil.net')).toBe(false);
  });

  it('lists the policy entries a host is on, and the match patterns the content script is registered with', () => {
    const checked = validateRedactionPolicy({
      version: 1,
      guard: { pasteSites: ['chat.example.com', '*.translate.example'] },
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(pasteSitesFor(checked.policy, 'de.translate.example')).toEqual(['*.translate.example']);
    expect(pasteSitesFor(checked.policy, 'mail.example.com')).toEqual([]);
    expect(pasteSitesFor(null, 'chat.example.com')).toEqual([]);
    expect(pasteSiteMatchPatterns('*.translate.example')).toEqual([
      'https://*.translate.example/*',
      'http://*.translate.example/*',
    ]);
  });

  it('refuses entries that are not host names, with the path of each', () => {
    const checked = validateRedactionPolicy({
      version: 1,
      guard: { pasteSites: ['https://chat.example.com/', 'chat.*.com', 'ok.example.com'] },
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((error) => error.path)).toEqual(['/guard/pasteSites/0', '/guard/pasteSites/1']);
  });
});
