import { describe, expect, it } from 'vitest';
import { imageHostAllowed } from '../../../src/content/answers/sanitize.ts';
import { findSetting, validateSetting } from '../../../src/core/settings/definitions.ts';

describe('knowledge.imageHosts', () => {
  it('takes host names and *.domain entries, refusing anything else with its path', () => {
    const definition = findSetting('knowledge.imageHosts')!;
    expect(definition).toMatchObject({ default: [], editableBy: ['qaLead'], group: 'Answers' });
    expect(validateSetting(definition, ['cdn.acme.com', '*.Acme-Images.com'])).toEqual({
      ok: true,
      value: ['cdn.acme.com', '*.acme-images.com'],
    });
    const refused = validateSetting(definition, ['cdn.acme.com', 'https://cdn.acme.com/', '*']);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.errors.map((error) => error.path)).toEqual(['/1', '/2']);
  });

  it('matches a host exactly, or a domain and its subdomains', () => {
    expect(imageHostAllowed('cdn.acme.com', ['cdn.acme.com'])).toBe(true);
    expect(imageHostAllowed('CDN.acme.com.', ['cdn.acme.com'])).toBe(true);
    expect(imageHostAllowed('img.cdn.acme.com', ['cdn.acme.com'])).toBe(false);
    expect(imageHostAllowed('img.acme.com', ['*.acme.com'])).toBe(true);
    expect(imageHostAllowed('acme.com', ['*.acme.com'])).toBe(true);
    expect(imageHostAllowed('evilacme.com', ['*.acme.com'])).toBe(false);
    expect(imageHostAllowed('cdn.acme.com.evil.test', ['cdn.acme.com'])).toBe(false);
  });
});
