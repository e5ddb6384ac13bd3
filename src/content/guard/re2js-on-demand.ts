/**
 * The `re2js` the data guard's bundle sees (scripts/content-script.ts resolves the package here for that bundle
 * only): the real re2js of the on-demand `linear-pattern` bundle, which the content script loads before a policy
 * with custom detectors reaches the page (runtime/pattern-engine.ts). Only what core/pii/custom-detectors.ts uses.
 */
import type { RE2JS as Re2js } from 're2js';
import { LAZY_REGISTRY } from '../../messaging/lazy.ts';

type Loaded = { RE2JS?: typeof Re2js };

function loaded(): typeof Re2js {
  const registry = (
    globalThis as unknown as Record<symbol, Record<string, Record<string, Loaded>> | undefined>
  )[Symbol.for(LAZY_REGISTRY)];
  const engine = registry?.['linear-pattern']?.['linear-pattern']?.RE2JS;
  // Not reachable while pattern-engine.ts holds such policies back. If it ever is, the check fails loudly (the
  // send guard holds the send and tells the agent) rather than running without the client's patterns.
  if (!engine) throw new Error("Deskmate's pattern engine for custom detectors is not loaded");
  return engine;
}

export const RE2JS = {
  compile: (pattern: string, flags?: number) => loaded().compile(pattern, flags),
  get CASE_INSENSITIVE(): number {
    return loaded().CASE_INSENSITIVE;
  },
};
