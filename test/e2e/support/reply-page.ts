/**
 * A helpdesk reply page built like Request Tracker's, for the iframe-editor tests in both browsers: a real
 * CKEditor 4 (npm `ckeditor4`, classic mode: editing in `iframe.cke_wysiwyg_frame`, kept in sync with a hidden
 * `textarea[name=UpdateContent]`), a subject line, a submit button, and single-key shortcuts on the page (`r`
 * leaves it, as RT's do, which would lose the agent's draft if a key meant for Deskmate reached them).
 * `/plain.html` is the same form with a plain textarea (RT's `$MessageBoxRichText = 0`). What the form posts is
 * recorded: the reply as the app would store it. `/embedded.html` shows a reply box in a frame from `otherHost`.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { ROOT } from './env.ts';

const CKEDITOR_DIR = join(ROOT, 'node_modules/ckeditor4');

const page = (rich: boolean) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Ticket #7 reply</title>
${rich ? '<script src="/ckeditor/ckeditor.js"></script>' : ''}</head>
<body>
  <h1>#7: Refund for my order</h1>
  <div class="history"><p>Customer: Hi, where is my refund?</p></div>
  <form id="reply" method="post" action="/submit">
    <label>Subject <input name="Subject" value="Re: Refund for my order" size="60"></label>
    <textarea name="UpdateContent" id="UpdateContent" rows="10" cols="80"></textarea>
    <input type="submit" name="SubmitTicket" value="Update Ticket">
  </form>
  <p id="shortcut-log"></p>
  <script>
    ${rich ? "CKEDITOR.config.versionCheck = false; CKEDITOR.replace('UpdateContent', { height: 220 });" : ''}
    // Request Tracker's single-key shortcuts: a key pressed on the page (not in a field) acts at once.
    document.addEventListener('keydown', (event) => {
      const t = event.target;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'r') location.href = '/elsewhere.html';
      document.getElementById('shortcut-log').textContent += event.key;
    });
  </script>
</body></html>`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

export interface ReplyPageServer {
  port: number;
  /** Every form the pages posted, as name → value. */
  posted: Array<Record<string, string>>;
  close(): Promise<void>;
}

export async function startReplyPageServer(otherHost = 'widgets.example.test'): Promise<ReplyPageServer> {
  const posted: Array<Record<string, string>> = [];
  let port = 0;
  const html = (body: string) => ({
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const send = (body: string) => response.writeHead(200, html(body)).end(body);
    if (request.method === 'POST' && url.pathname === '/submit') {
      let body = '';
      for await (const chunk of request) body += chunk;
      posted.push(Object.fromEntries(new URLSearchParams(body)));
      return send('<!doctype html><p id="stored">Stored</p>');
    }
    if (url.pathname === '/reply.html') return send(page(true));
    if (url.pathname === '/plain.html') return send(page(false));
    if (url.pathname === '/embedded.html')
      return send(
        `<!doctype html><h1>Chat</h1><iframe src="http://${otherHost}:${port}/widget.html" width="600" height="300"></iframe>`,
      );
    if (url.pathname === '/widget.html') return send('<!doctype html><textarea rows="8"></textarea>');
    if (url.pathname === '/list.html')
      return send('<!doctype html><h1>Open tickets</h1><ul><li>#7</li></ul>');
    if (url.pathname === '/elsewhere.html') return send('<!doctype html><p>Elsewhere</p>');
    if (url.pathname.startsWith('/ckeditor/')) {
      const path = normalize(url.pathname.slice('/ckeditor/'.length));
      if (path.startsWith('..')) return void response.writeHead(403).end();
      try {
        const body = await readFile(join(CKEDITOR_DIR, path));
        response
          .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
          .end(body);
      } catch {
        response.writeHead(404).end();
      }
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  return { port, posted, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
