/** Small hooks shared by Deskmate's own pages. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { NewestOnly, STALE } from '../messaging/newest-only.ts';
import { browser } from '../platform/browser.ts';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'error'; error: string };

/**
 * Loads data with `load`, and loads it again whenever extension storage changes (settings, clients, policy),
 * so every page shows the current state without a reload.
 */
export function useLive<T>(load: () => Promise<T>, key = ''): [Loadable<T>, () => void] {
  // Each answer remembers what it was loaded for: after `key` changes (another client picked), the previous key's
  // answer is not shown as this one's — a form filled in meanwhile would be reset when the real answer came.
  const [result, setResult] = useState<{ key: string; loaded: Loadable<T> }>({
    key,
    loaded: { state: 'loading' },
  });
  // Storage changes come in bursts (a client pack is several writes): only the newest load's answer is shown.
  const [newest] = useState(() => new NewestOnly());
  // `load` is a new closure on every render; `key` says when what it loads has changed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  const reload = useCallback(() => {
    newest.run(load).then(
      (value) => {
        if (value !== STALE) setResult({ key, loaded: { state: 'ready', value } });
      },
      (error: unknown) =>
        setResult({
          key,
          loaded: { state: 'error', error: error instanceof Error ? error.message : String(error) },
        }),
    );
  }, [key]);
  useEffect(() => {
    reload();
    const listener = () => reload();
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [reload]);
  return [result.key === key ? result.loaded : { state: 'loading' }, reload];
}
