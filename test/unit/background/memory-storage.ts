import type { StorageAreaLike } from '../../../src/background/settings-service.ts';

/** An in-memory storage area with the same copy-on-read semantics as browser storage. */
export function memoryStorage(
  initial: Record<string, unknown> = {},
): StorageAreaLike & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    async get(keys) {
      const wanted =
        keys === undefined || keys === null ? Object.keys(data) : typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(
        wanted.filter((key) => key in data).map((key) => [key, structuredClone(data[key])]),
      );
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
    async remove(keys) {
      for (const key of typeof keys === 'string' ? [keys] : keys) delete data[key];
    },
  };
}
