/**
 * The customer memory's hash: HMAC-SHA-256 with the shift's salt, cut to 128 bits (plenty to tell a shift's few
 * thousand identifiers apart). Synchronous (@noble/hashes), because the reply is checked on every keystroke; the
 * hashes of keys already seen are cached, so a keystroke hashes at most the value being typed.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export type KeyHasher = (key: string) => string;

const CACHE_LIMIT = 4096;

/** A hasher for one shift's salt, with a bounded cache (cleared when full). */
export function keyHasher(salt: string): KeyHasher {
  const secret = utf8ToBytes(salt);
  const cache = new Map<string, string>();
  return (key) => {
    let hash = cache.get(key);
    if (hash === undefined) {
      hash = bytesToHex(hmac(sha256, secret, utf8ToBytes(key)).subarray(0, 16));
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, hash);
    }
    return hash;
  };
}
