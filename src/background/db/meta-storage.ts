/**
 * The Dexie `meta` table seen as a storage area, for state only the worker may read: it lives in the
 * extension origin's IndexedDB, which content scripts cannot open (unlike `storage.local`), and it survives
 * worker and browser restarts (unlike `storage.session`).
 */
import type { EntityTable } from 'dexie';
import type { StorageAreaLike } from '../settings-service.ts';
import type { MetaRow } from './database.ts';

export function metaStorage(meta: EntityTable<MetaRow, 'key'>): StorageAreaLike {
  return {
    async get(keys) {
      const rows =
        keys === undefined || keys === null
          ? await meta.toArray()
          : await meta.bulkGet(typeof keys === 'string' ? [keys] : keys);
      return Object.fromEntries(rows.flatMap((row) => (row ? [[row.key, row.value]] : [])));
    },
    async set(items) {
      await meta.bulkPut(Object.entries(items).map(([key, value]) => ({ key, value })));
    },
    async remove(keys) {
      await meta.bulkDelete(typeof keys === 'string' ? [keys] : keys);
    },
  };
}
