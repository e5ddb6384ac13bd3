/**
 * The browser's permission for a site's addresses, as Options › Sites shows it: checking, none yet, asking…,
 * granted, refused, or no answer. A browser asks the user only when the request comes straight from a click
 * (Firefox refuses any other; Chrome shows nothing), and shows its prompt in its own UI, which may be out of
 * sight: so the request is made first thing in the click handler, and when no answer comes for a while the page
 * says what to do instead of waiting in silence (the bug: "Adding the site waited forever, with no message").
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser, browserPatterns } from '../../../platform/browser.ts';

export type AccessState =
  | { state: 'none' }
  | { state: 'checking' }
  | { state: 'missing' }
  | { state: 'asking' }
  | { state: 'no-answer' }
  | { state: 'granted' }
  | { state: 'refused' }
  | { state: 'error'; message: string };

/** How long to wait for the browser's answer before saying what to do. */
export const NO_ANSWER_MS = 8_000;

export const ACCESS_TEXT: Record<AccessState['state'], string> = {
  none: 'Enter the addresses first.',
  checking: 'Checking access…',
  missing: 'Deskmate has no access to these addresses yet.',
  asking: 'Asking the browser for access… answer its prompt.',
  'no-answer':
    'The browser has not answered. Look for its permission prompt (next to the address bar; in Firefox, also under the extensions button) and choose Allow. If there is none, click “Allow access” again: browsers only ask when the request comes straight from a click.',
  granted: 'Access granted: Deskmate runs there and can pick elements on its open tabs.',
  refused:
    'The browser did not grant access. Deskmate cannot run or pick there until it does: click “Allow access” to ask again.',
  error: 'The browser refused these addresses.',
};

/**
 * The access state of `origins`, and `ask`, which MUST be called directly from a click handler (before any
 * `await`): it returns the browser's pending answer, so a caller may do other work (save) without waiting for it.
 */
export function useAccess(origins: readonly string[]): {
  access: AccessState;
  ask(): Promise<boolean>;
  recheck(): void;
} {
  const key = origins.join('\n');
  const [access, setAccess] = useState<AccessState>({ state: origins.length ? 'checking' : 'none' });
  const asking = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the origins
  const recheck = useCallback(() => {
    if (!origins.length) return setAccess({ state: 'none' });
    const mine = asking.current;
    browser.permissions.contains({ origins: browserPatterns(origins) }).then(
      (granted) => {
        if (asking.current === mine) setAccess({ state: granted ? 'granted' : 'missing' });
      },
      () => {
        if (asking.current === mine) setAccess({ state: 'missing' });
      },
    );
  }, [key]);
  useEffect(recheck, [recheck]);
  useEffect(() => {
    browser.permissions.onAdded?.addListener(recheck);
    browser.permissions.onRemoved?.addListener(recheck);
    return () => {
      browser.permissions.onAdded?.removeListener(recheck);
      browser.permissions.onRemoved?.removeListener(recheck);
    };
  }, [recheck]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the origins
  const ask = useCallback((): Promise<boolean> => {
    // First thing in the click: the browser asks the user only during the gesture.
    let pending: Promise<boolean>;
    try {
      pending = browser.permissions.request({ origins: browserPatterns(origins) });
    } catch (error) {
      pending = Promise.reject(error);
    }
    const mine = ++asking.current;
    setAccess({ state: 'asking' });
    const timer = setTimeout(() => {
      if (asking.current === mine) setAccess({ state: 'no-answer' });
    }, NO_ANSWER_MS);
    return pending.then(
      (granted) => {
        clearTimeout(timer);
        if (asking.current === mine) setAccess({ state: granted ? 'granted' : 'refused' });
        return granted;
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (asking.current === mine)
          setAccess({ state: 'error', message: error instanceof Error ? error.message : String(error) });
        return false;
      },
    );
  }, [key]);
  return { access, ask, recheck };
}
