/**
 * A minimal SMTP server that accepts every message and records it, for apps under test that send mail (Roundcube):
 * the test reads back what actually left the app, byte for byte, instead of trusting the page. It speaks the
 * part of RFC 5321 a submitting client needs (EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT),
 * offers no STARTTLS and no AUTH (the app is configured to send without them), and listens on 127.0.0.1 only.
 *
 * Also a small MIME reader (RFC 2045–2047: multipart bodies, quoted-printable, base64, encoded-word headers,
 * charsets through TextDecoder), enough to get a sent message's text and HTML parts for assertions.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface ReceivedMail {
  /** The envelope sender and recipients, as the client gave them. */
  from: string;
  to: string[];
  /** The message as received (CRLF line ends, dot-unstuffed). */
  raw: string;
}

export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

const MAX_MESSAGE = 25 * 1024 * 1024;

/** Starts the sink on a free port of 127.0.0.1. */
export async function startSmtpSink(hostname = 'mail.test'): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('latin1');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let size = 0;
    let from: string | null = null;
    let to: string[] = [];
    const reset = () => {
      from = null;
      to = [];
      data = [];
      size = 0;
    };
    reply(`220 ${hostname} ESMTP deskmate-test-sink`);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            if (size > MAX_MESSAGE) reply('552 message too large');
            else {
              // Bytes came in as latin1: back to the octets, read as UTF-8 (8BITMIME bodies).
              const raw = Buffer.from(`${data.join('\r\n')}\r\n`, 'latin1').toString('utf8');
              messages.push({ from: from ?? '', to, raw });
              reply('250 2.0.0 queued');
            }
            reset();
          } else {
            const unstuffed = line.startsWith('.') ? line.slice(1) : line;
            size += unstuffed.length + 2;
            if (size <= MAX_MESSAGE) data.push(unstuffed);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO')
          reply(`250-${hostname}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-SIZE ${MAX_MESSAGE}\r\n250 HELP`);
        else if (verb === 'HELO') reply(`250 ${hostname}`);
        else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          if (from === null) reply('503 5.5.1 MAIL first');
          else {
            to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
            reply('250 2.1.5 ok');
          }
        } else if (verb === 'DATA') {
          if (to.length === 0) reply('503 5.5.1 RCPT first');
          else {
            inData = true;
            reply('354 end with <CRLF>.<CRLF>');
          }
        } else if (verb === 'RSET') {
          reset();
          reply('250 2.0.0 ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') {
          reply(`221 2.0.0 ${hostname} closing`);
          socket.end();
        } else reply('502 5.5.2 not implemented');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the SMTP sink has no port');
  return {
    port: address.port,
    messages,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A message's headers (names lower-cased, folded lines joined, encoded words decoded) and its decoded parts. */
export interface DecodedMail {
  headers: Record<string, string>;
  /** The first text/plain and text/html parts, decoded to strings (null when the message has none). */
  text: string | null;
  html: string | null;
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function decodeQuotedPrintable(body: string): Buffer {
  const soft = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const char = soft[i]!;
    const hex = soft.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header value. */
export function decodeHeader(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) =>
      decodeCharset(
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : decodeQuotedPrintable(text.replace(/_/g, ' ')),
        charset,
      ),
    );
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = decodeHeader(line.slice(colon + 1).trim());
  }
  return headers;
}

function parameter(header: string | undefined, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Reads a raw RFC 822 message: headers, and the first text/plain and text/html parts, decoded. */
export function decodeMail(raw: string): DecodedMail {
  const result: DecodedMail = { headers: {}, text: null, html: null };
  const walk = (entity: string, top: boolean) => {
    const split = /\r?\n\r?\n/.exec(entity);
    const head = split ? entity.slice(0, split.index) : entity;
    const body = split ? entity.slice(split.index + split[0].length) : '';
    const headers = parseHeaders(head);
    if (top) result.headers = headers;
    const type = (headers['content-type'] ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
    if (type.startsWith('multipart/')) {
      const boundary = parameter(headers['content-type'], 'boundary');
      if (!boundary) return;
      const parts = body.split(`--${boundary}`);
      // Before the first boundary is the preamble; after the closing one (`--boundary--`) the epilogue.
      for (const part of parts.slice(1)) {
        if (part.startsWith('--')) break;
        walk(part.replace(/^\r?\n/, ''), false);
      }
      return;
    }
    if (type !== 'text/plain' && type !== 'text/html') return;
    if (/attachment/i.test(headers['content-disposition'] ?? '')) return;
    const encoding = (headers['content-transfer-encoding'] ?? '7bit').trim().toLowerCase();
    const bytes =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body)
          : Buffer.from(body, 'utf8');
    const decoded = decodeCharset(bytes, parameter(headers['content-type'], 'charset') ?? 'utf-8');
    if (type === 'text/plain' && result.text === null) result.text = decoded;
    if (type === 'text/html' && result.html === null) result.html = decoded;
  };
  walk(raw, true);
  return result;
}
