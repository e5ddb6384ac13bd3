// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  isModifiedClick,
  navigate,
  onRouteChange,
  parseRoute,
  ticketPath,
} from '../../../demo/src/router.ts';

describe('parseRoute', () => {
  it('reads a ticket id from /agent/tickets/<id>, with or without a trailing slash', () => {
    expect(parseRoute('/agent/tickets/1042')).toEqual({ kind: 'ticket', id: 1042 });
    expect(parseRoute('/agent/tickets/1042/')).toEqual({ kind: 'ticket', id: 1042 });
    expect(parseRoute(ticketPath(7))).toEqual({ kind: 'ticket', id: 7 });
  });

  it('treats the root and /agent as the home page', () => {
    expect(parseRoute('/')).toEqual({ kind: 'home' });
    expect(parseRoute('/agent')).toEqual({ kind: 'home' });
  });

  it('reports anything else as not found, naming the path', () => {
    for (const path of ['/agent/tickets/', '/agent/tickets/abc', '/agent/tickets/12/edit', '/tickets/1042']) {
      expect(parseRoute(path)).toEqual({ kind: 'not-found', path });
    }
  });
});

describe('navigation', () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    history.replaceState(null, '', '/');
  });

  const listen = () => {
    const listener = vi.fn();
    stops.push(onRouteChange(listener));
    return listener;
  };

  it('pushes a history entry and tells listeners, without a page load', () => {
    const listener = listen();
    const length = history.length;
    navigate('/agent/tickets/1043');
    expect(location.pathname).toBe('/agent/tickets/1043');
    expect(history.length).toBe(length + 1);
    expect(listener).toHaveBeenCalledWith({ kind: 'ticket', id: 1043 });
  });

  it('replaces the entry when asked (the home page redirect must not trap the back button)', () => {
    const listener = listen();
    const length = history.length;
    navigate('/agent/tickets/1042', { replace: true });
    expect(history.length).toBe(length);
    expect(listener).toHaveBeenCalledWith({ kind: 'ticket', id: 1042 });
  });

  it('does nothing when asked to go where it already is', () => {
    navigate('/agent/tickets/1044');
    const listener = listen();
    const length = history.length;
    navigate('/agent/tickets/1044');
    expect(history.length).toBe(length);
    expect(listener).not.toHaveBeenCalled();
  });

  it("follows the browser's back and forward buttons", async () => {
    navigate('/agent/tickets/1045');
    navigate('/agent/tickets/1046');
    const listener = listen();
    const popped = () => new Promise((done) => addEventListener('popstate', done, { once: true }));

    let pop = popped();
    history.back();
    await pop;
    expect(listener).toHaveBeenLastCalledWith({ kind: 'ticket', id: 1045 });

    pop = popped();
    history.forward();
    await pop;
    expect(listener).toHaveBeenLastCalledWith({ kind: 'ticket', id: 1046 });
  });

  it('stops telling a listener once it unsubscribed', () => {
    const listener = vi.fn();
    const stop = onRouteChange(listener);
    stop();
    navigate('/agent/tickets/1047');
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('isModifiedClick', () => {
  it('leaves Ctrl/Cmd/Shift/Alt-clicks and middle clicks to the browser (new tab, new window)', () => {
    expect(isModifiedClick(new MouseEvent('click', { button: 0 }))).toBe(false);
    expect(isModifiedClick(new MouseEvent('click', { button: 0, ctrlKey: true }))).toBe(true);
    expect(isModifiedClick(new MouseEvent('click', { button: 0, metaKey: true }))).toBe(true);
    expect(isModifiedClick(new MouseEvent('click', { button: 0, shiftKey: true }))).toBe(true);
    expect(isModifiedClick(new MouseEvent('click', { button: 1 }))).toBe(true);
  });
});
