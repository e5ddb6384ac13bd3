import type { Page } from 'playwright-core';

/**
 * Everything Deskmate keeps, as one string, read from one of its own pages: every IndexedDB database and store,
 * `storage.local`, `.sync`, `.session` and the page's localStorage. The store-and-log tests look for raw values in it.
 */
export function dumpExtensionStorage(extensionPage: Page): Promise<string> {
  return extensionPage.evaluate(async () => {
    const out: unknown[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        out.push({ db: info.name, store, rows });
      }
      db.close();
    }
    out.push(await chrome.storage.local.get(null));
    out.push(await chrome.storage.sync.get(null));
    out.push(await chrome.storage.session.get(null));
    out.push({ localStorage: { ...localStorage } });
    return JSON.stringify(out);
  });
}
