import { describe, expect, it } from 'vitest';
import { extensionRelativePath } from '../../../src/background/site-registration.ts';

describe('the content script path given to scripting.registerContentScripts', () => {
  it('is relative to the extension root, as Firefox requires ("must be a relative URL")', () => {
    // Firefox's runtime.getManifest() reports the manifest's files as full moz-extension:// URLs.
    const root = 'moz-extension://6f1c1a52-1f0e-4d8e-9a57-3c2b7d9e0a41/';
    expect(extensionRelativePath(`${root}content/deskmate.js`, root)).toBe('content/deskmate.js');
    expect(extensionRelativePath('moz-extension://other-uuid/content/deskmate.js', root)).toBe(
      'content/deskmate.js',
    );
  });

  it('is left as it is in Chrome, which reports the manifest’s paths as written', () => {
    const root = 'chrome-extension://eiemjenkeghlgkcpcejboldbfnfcnkkm/';
    expect(extensionRelativePath('content/deskmate.js', root)).toBe('content/deskmate.js');
    expect(extensionRelativePath('/content/deskmate.js', root)).toBe('content/deskmate.js');
    expect(extensionRelativePath(`${root}content/deskmate.js`, root)).toBe('content/deskmate.js');
  });
});
