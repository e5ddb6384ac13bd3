/**
 * src/core cannot import the adapters, so the ids a custom site may name in `adapter` are listed there
 * (BUILT_IN_ADAPTER_IDS). This keeps the list in step: an adapter added to src/content/sites/index.ts (a hosted
 * or a self-hosted one) without its id there fails here, by name.
 */
import { describe, expect, it } from 'vitest';
import { demoAdapter } from '../../../src/content/sites/demo.ts';
import { selfHostedAdapters, siteAdapters } from '../../../src/content/sites/index.ts';
import { BUILT_IN_ADAPTER_IDS } from '../../../src/core/settings/custom-site.ts';

describe('the adapter ids a custom site may name', () => {
  it('are exactly the built-in, self-hosted and demo adapters', () => {
    const ids = [...siteAdapters, ...selfHostedAdapters, demoAdapter('127.0.0.1:1')].map((a) => a.id);
    expect([...BUILT_IN_ADAPTER_IDS].sort()).toEqual([...new Set(ids)].sort());
  });
});
