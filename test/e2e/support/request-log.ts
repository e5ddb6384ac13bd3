/**
 * Every network request any target of a Chromium makes, seen through the DevTools protocol: pages, their
 * out-of-process iframes and workers, extension pages and the extension's service worker. A second DevTools
 * client (beside Playwright's) auto-attaches to every target with `waitForDebuggerOnStart`, so a target is
 * watched before it runs its first line (a service worker woken by a message included), and enables the
 * Network domain on each. Chromium's own browser-process traffic (updates, safe browsing) belongs to no target
 * and is not seen; QUIET_FLAGS turn most of it off anyway.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';

export interface LoggedRequest {
  url: string;
  /** page, iframe, service_worker, worker, shared_worker… */
  targetType: string;
  /** The URL of the target that made it (the page or the worker script). */
  targetUrl: string;
}

export interface RequestLog {
  requests: LoggedRequest[];
  /** Every target attached to, as `type url` (to show what was covered). */
  targets: LoggedRequest[];
  close(): Promise<void>;
}

/** Chromium launched with `--remote-debugging-port=0` writes the port it chose into the profile. */
async function devtoolsEndpoint(userDataDir: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const [port, path] = (await readFile(join(userDataDir, 'DevToolsActivePort'), 'utf8')).split('\n');
      if (port && path) return `ws://127.0.0.1:${port}${path}`;
    } catch {
      // Not written yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no DevToolsActivePort in ${userDataDir}: launch Chromium with --remote-debugging-port=0`);
}

export async function logChromiumRequests(userDataDir: string): Promise<RequestLog> {
  const socket = new WebSocket(await devtoolsEndpoint(userDataDir), { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  const sessions = new Map<string, { type: string; url: string }>();
  const requests: LoggedRequest[] = [];
  const targets: LoggedRequest[] = [];
  const autoAttach = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };

  socket.on('message', (data) => {
    try {
      onMessage(data);
    } catch (error) {
      console.error('request log:', error);
    }
  });
  const onMessage = (data: WebSocket.RawData) => {
    const message = JSON.parse(String(data)) as {
      id?: number;
      method?: string;
      // biome-ignore lint/suspicious/noExplicitAny: DevTools protocol events, read field by field below
      params?: Record<string, any>;
      sessionId?: string;
      error?: { message: string };
    };
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message);
      return;
    }
    const params = message.params ?? {};
    if (message.method === 'Target.attachedToTarget') {
      const session: string = params.sessionId;
      const info = { type: params.targetInfo.type as string, url: params.targetInfo.url as string };
      // Chromium's own WebUI (the omnibox popup, chrome:// pages): the browser, not a page or the extension.
      if (info.type === 'browser_ui') {
        void send('Runtime.runIfWaitingForDebugger', {}, params.sessionId).catch(() => {});
        return;
      }
      sessions.set(session, info);
      targets.push({ url: info.url, targetType: info.type, targetUrl: info.url });
      // Network first, then its children, then let it run: commands run in order, so nothing it does before
      // is missed. Not awaited one by one: a paused target may answer only once it runs.
      for (const [method, params] of [
        ['Network.enable', {}],
        ['Target.setAutoAttach', autoAttach],
        ['Runtime.runIfWaitingForDebugger', {}],
      ] as const)
        send(method, params, session).catch((error) => {
          // A target that closed meanwhile, or one without that domain: nothing to watch there.
          void error;
        });
      return;
    }
    const from = sessions.get(message.sessionId ?? '') ?? { type: 'unknown', url: '' };
    if (message.method === 'Network.requestWillBeSent') {
      requests.push({
        url: params.request.url,
        targetType: from.type,
        targetUrl: params.documentURL ?? from.url,
      });
    } else if (message.method === 'Network.webSocketCreated') {
      requests.push({ url: params.url, targetType: from.type, targetUrl: from.url });
    }
  };

  await send('Target.setAutoAttach', autoAttach);
  return {
    requests,
    targets,
    async close() {
      socket.close();
    },
  };
}
