/**
 * A bounded cache for the pure, expensive checks of a value (Keccak, double SHA-256, mod 97): a ticket thread, a
 * draft re-scanned on every keystroke and a pasted log quote the same addresses and account numbers again and
 * again. The cache is emptied when full, so memory stays bounded whatever the input.
 */
export function memoize<T>(compute: (value: string) => T, capacity = 2048): (value: string) => T {
  const cache = new Map<string, T>();
  return (value) => {
    let result = cache.get(value);
    if (result === undefined && !cache.has(value)) {
      result = compute(value);
      if (cache.size >= capacity) cache.clear();
      cache.set(value, result);
    }
    return result as T;
  };
}
