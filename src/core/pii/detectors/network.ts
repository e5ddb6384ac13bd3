/**
 * IP addresses (v4 from digit runs, v6 from hex groups) and MAC addresses (colon, dash or Cisco-dot notation).
 * Four dotted numbers are also how versions are written, so "version"/"build" before one lowers its score.
 */
import { contextList } from '../context.ts';
import type { NumberDetector, ScanContext, TokenDetector } from './detector.ts';

const IP_CONTEXT = contextList([
  'ip',
  'ips',
  'ipv4',
  'ipv6',
  'address',
  'server',
  'host',
  'router',
  'gateway',
  'vpn',
]);
const MAC_CONTEXT = contextList([
  'mac',
  'mac address',
  'hardware address',
  'device',
  'ethernet',
  'wifi',
  'wi-fi',
]);

export const ipv4Address: NumberDetector = {
  kind: 'number',
  id: 'ip-address',
  types: ['IP_ADDRESS'],
  minDigits: 4,
  onNumber(run, scan) {
    if (run.plus || run.paren || run.groupStarts.length < 4) return;
    const text = scan.text;
    for (let g = 0; g < 4; g++) {
      if (g < 3 && run.seps[g] !== '.') return;
      const octet = text.slice(run.groupStarts[g], run.groupEnds[g]);
      if (octet.length > 3 || Number(octet) > 255 || (octet.length > 1 && octet[0] === '0')) return;
    }
    if (run.seps[3] === '.' || (run.groupStarts.length === 4 && run.gluedToWord)) return; // a 5-part version
    if (run.seps[3] === '/') return; // a network range (10.20.0.0/16), not a host
    scan.emit({
      type: 'IP_ADDRESS',
      start: run.start,
      end: run.groupEnds[3]!,
      detector: 'ip-address',
      base: 0.6,
      checksum: undefined,
      context: IP_CONTEXT,
      needsContext: false,
      contextGiven: undefined,
      negativeApplies: true,
    });
  },
};

const HEX = /^[0-9A-Fa-f]{1,4}$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** RFC 4291 text form: eight groups, or fewer with one '::'; the last two may be written as IPv4. */
export function isIPv6(value: string): boolean {
  // Cheap rejection first: "14:22:07" has neither the eight groups nor a '::'.
  let colons = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 58) colons++;
  if (colons < 7 && !value.includes('::')) return false;
  // The halves around '::' and their ':'-separated groups, read as offsets (no substrings).
  const gap = value.indexOf('::');
  if (gap >= 0 && value.indexOf('::', gap + 2) >= 0) return false;
  const halves = gap >= 0 ? 2 : 1;
  const firstEnd = gap >= 0 ? gap : value.length;
  const secondStart = gap >= 0 ? gap + 2 : value.length;
  // The last group overall is in the second half unless that half is empty.
  const lastHalfStart = secondStart < value.length ? secondStart : 0;
  const lastHalfEnd = secondStart < value.length ? value.length : firstEnd;
  let count = 0;
  for (let half = 0; half < halves; half++) {
    const from = half === 0 ? 0 : secondStart;
    const to = half === 0 ? firstEnd : value.length;
    if (from === to) continue; // an empty half has no groups
    let groupStart = from;
    for (let i = from; i <= to; i++) {
      if (i < to && value.charCodeAt(i) !== 58) continue;
      // The group [groupStart, i).
      const last = i === lastHalfEnd && from === lastHalfStart;
      if (last && hasDot(value, groupStart, i)) {
        if (!IPV4.test(value.slice(groupStart, i))) return false;
        count += 2;
      } else if (isHexGroup(value, groupStart, i)) count++;
      else return false;
      groupStart = i + 1;
    }
  }
  // "12:30:45" is a time: demand the full eight groups, or '::' with at least two groups beside it.
  return halves === 2 ? count <= 7 && count >= 2 : count === 8;
}

function hasDot(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (value.charCodeAt(i) === 46) return true;
  return false;
}

/** HEX: one to four hex digits. */
function isHexGroup(value: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 4) return false;
  for (let i = from; i < to; i++) {
    const code = value.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102)))
      return false;
  }
  return true;
}

const MAC_COLON = /[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?![\w:-])/y;
const MAC_DASH = /[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}(?![\w:-])/y;
const MAC_DOT = /[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])/y;
const IPV6_CHARS = /[0-9A-Fa-f:.]{2,45}/y;

/** [0-9A-Fa-f:.] */
function isIpv6Char(code: number): boolean {
  return (
    (code >= 48 && code <= 58) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102) || code === 46
  );
}

function stickyMatch(pattern: RegExp, text: string, start: number): number {
  pattern.lastIndex = start;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Offset of a ':' among the `span` characters from `from`, or -1 (bounded: never a search of the whole text). */
function colonWithin(text: string, from: number, span: number): number {
  for (let i = from; i < from + span && i < text.length; i++) if (text.charCodeAt(i) === 58) return i;
  return -1;
}

function hexAddressAt(text: string, start: number, scan: ScanContext): void {
  const next = text.charCodeAt(start + 2);
  if ((next === 58 || next === 45) && text.charCodeAt(start + 5) === next) {
    const end = Math.max(stickyMatch(MAC_COLON, text, start), stickyMatch(MAC_DASH, text, start));
    if (end > 0) {
      scan.emit({
        type: 'MAC_ADDRESS',
        start,
        end,
        detector: 'mac-address',
        base: 0.7,
        checksum: undefined,
        context: MAC_CONTEXT,
        needsContext: false,
        contextGiven: undefined,
        negativeApplies: true,
      });
      return;
    }
  }
  if (text.charCodeAt(start + 4) === 46 && text.charCodeAt(start + 9) === 46) {
    const end = stickyMatch(MAC_DOT, text, start);
    if (end > 0) {
      scan.emit({
        type: 'MAC_ADDRESS',
        start,
        end,
        detector: 'mac-address',
        base: 0.6,
        checksum: undefined,
        context: MAC_CONTEXT,
        needsContext: false,
        contextGiven: undefined,
        negativeApplies: true,
      });
      return;
    }
  }
  // IPv6 groups are at most four hex digits: a ':' must come within five characters, then another one.
  const colon = colonWithin(text, start, 5);
  if (colon < 0 || colonWithin(text, colon + 1, 5) < 0) return;
  // What IPV6_CHARS would match, read without a match: fewer than seven colons and no '::' (a time, "14:22:07")
  // cannot be an IPv6 address, and trimming the end of the match could not change that.
  let colons = 0;
  let doubleColon = false;
  let end = start;
  while (end < start + 45 && end < text.length && isIpv6Char(text.charCodeAt(end))) {
    if (text.charCodeAt(end) === 58) {
      colons++;
      if (end > start && text.charCodeAt(end - 1) === 58) doubleColon = true;
    }
    end++;
  }
  if (colons < 7 && !doubleColon) return;
  IPV6_CHARS.lastIndex = start;
  const match = IPV6_CHARS.exec(text);
  if (!match?.[0].includes(':')) return;
  let value = match[0];
  while (value.endsWith('.') || (value.endsWith(':') && !value.endsWith('::'))) value = value.slice(0, -1);
  if (/[\w]/.test(text[start + value.length] ?? '') || !isIPv6(value)) return;
  scan.emit({
    type: 'IP_ADDRESS',
    start,
    end: start + value.length,
    detector: 'ip-address',
    base: 0.7,
    checksum: undefined,
    context: IP_CONTEXT,
    needsContext: false,
    contextGiven: undefined,
    negativeApplies: true,
  });
}

/** Addresses whose first group is all digits ("00:1A:…", "2001:db8::1") arrive as numbers. */
export const hexAddressFromNumber: NumberDetector = {
  kind: 'number',
  id: 'hex-address',
  types: ['MAC_ADDRESS', 'IP_ADDRESS'],
  minDigits: 1,
  onNumber(run, scan) {
    if (run.plus || run.paren) return;
    const after = scan.text.charCodeAt(run.groupEnds[0]!);
    if (after === 58 || after === 45 || after === 46 || run.gluedToWord) {
      if (run.groupStarts.length === 1 && run.gluedToWord) return; // a mixed token: the token detector has it
      hexAddressAt(scan.text, run.start, scan);
    }
  },
};

/** Addresses whose first group has a letter ("fe80::1", "a4:5e:60:…"). */
export const hexAddressFromToken: TokenDetector = {
  kind: 'token',
  id: 'hex-address',
  types: ['MAC_ADDRESS', 'IP_ADDRESS'],
  // One hex group: "fe80", "a4", "E".
  minLength: 1,
  maxLength: 4,
  onToken(token, scan) {
    // The separator after the group first: most short words ("12th", "1st") are followed by a space.
    const after = scan.text.charCodeAt(token.end);
    if ((after === 58 || after === 45 || after === 46) && HEX.test(token.value)) {
      hexAddressAt(scan.text, token.start, scan);
    }
  },
};
