/**
 * An HTTP proxy that logs every request a browser sends through it and forwards only those to the origins the
 * test allows (the demo helpdesk); anything else is answered 502 or refused, so nothing leaves the machine.
 * Given to Firefox through its proxy preferences (localhost included), it sees every HTTP(S) and WebSocket
 * request of every context — the extension's background page too, which WebDriver BiDi does not expose.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggedRequest } from './request-log.ts';

export interface LoggingProxy {
  requests: LoggedRequest[];
  /** Firefox preferences that send everything through the proxy. */
  prefs: Record<string, string | number | boolean>;
  close(): Promise<void>;
}

export async function startLoggingProxy(forwardOrigins: readonly string[]): Promise<LoggingProxy> {
  const requests: LoggedRequest[] = [];
  const log = (url: string, request: IncomingMessage) =>
    requests.push({ url, targetType: 'proxy', targetUrl: String(request.headers.referer ?? '') });

  const server = createServer((request, response) => {
    // A proxied request line carries the absolute URL.
    const url = request.url ?? '';
    log(url, request);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (!forwardOrigins.includes(target.origin)) {
      response.writeHead(502, { 'content-type': 'text/plain' }).end('blocked by the test proxy');
      return;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers: request.headers,
      },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  // HTTPS and WebSocket-over-TLS: logged by host, never tunnelled.
  server.on('connect', (request, socket) => {
    log(`https://${request.url}/`, request);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  server.on('upgrade', (request, socket) => {
    log(request.url ?? '', request);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    prefs: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'network.proxy.share_proxy_settings': true,
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
