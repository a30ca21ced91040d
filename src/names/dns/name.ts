/**
 * Defensive DNS name decoding (RFC 1035 §3.1, §4.1.4). Names come from the capture and are
 * attacker-controlled: every read is bounds-checked, compression pointers may only point strictly
 * backwards to before the run of labels being read (so they cannot loop), labels are at most 63
 * bytes and a name at most 255 bytes on the wire.
 * @module names/dns/name
 */
import type { NamesAnomalyCode } from '../anomalies.js';

/** RFC 1035 §2.3.4: 255 octets or less, length bytes and the final zero included. */
export const DNS_MAX_NAME_WIRE = 255;

/** Result of decoding one name: its text and where the name ends in place (after a pointer, if any). */
export type NameResult =
  | { readonly ok: true; readonly name: string; readonly next: number }
  | { readonly ok: false; readonly code: NamesAnomalyCode; readonly offset: number };

/**
 * Appends one label byte in presentation format (RFC 1035 §5.1, RFC 4343 §2.1): A–Z lower-cased,
 * `.` and `\` escaped with a backslash, anything outside 0x21–0x7e as `\ddd`.
 */
export function escapeLabelByte(c: number): string {
  if (c >= 0x41 && c <= 0x5a) return String.fromCharCode(c | 0x20);
  if (c === 0x2e || c === 0x5c) return '\\' + String.fromCharCode(c);
  if (c > 0x20 && c < 0x7f) return String.fromCharCode(c);
  return '\\' + String(c).padStart(3, '0');
}

/** Presentation text of bytes `[start, end)` of one label (or any attacker-controlled string). */
export function labelText(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += escapeLabelByte(buf[i]!);
  return s;
}

/**
 * Case-preserving escaped text of attacker-controlled bytes that are not DNS labels (ALPN ids,
 * HTTP fields): `\` escaped, anything outside 0x20–0x7e as `\ddd`.
 */
export function printableText(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x5c) s += '\\\\';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\' + String(c).padStart(3, '0');
  }
  return s;
}

/**
 * Text of a host name carried outside DNS (TLS SNI, HTTP Host): A–Z lower-cased, `\` escaped,
 * anything outside 0x21–0x7e as `\ddd`, one trailing dot dropped so it compares with DNS names.
 */
export function hostnameText(buf: Uint8Array, start: number, end: number): string {
  if (end > start && buf[end - 1] === 0x2e) end--;
  let s = '';
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x41 && c <= 0x5a) s += String.fromCharCode(c | 0x20);
    else if (c === 0x5c) s += '\\\\';
    else if (c > 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\' + String(c).padStart(3, '0');
  }
  return s;
}

/**
 * Decodes the name at `off` in the DNS message `msg` (the whole message, so that compression
 * pointers resolve). Returns the lower-cased name without the trailing dot (the root is `""`) and
 * the offset just after the name as written in place. Never throws.
 */
export function decodeName(msg: Uint8Array, off: number): NameResult {
  let pos = off;
  let runStart = off; // where the current run of labels began: pointers must land before it
  let next = -1; // set at the first pointer
  let wire = 0;
  const codes: number[] = []; // char codes of the text, turned into one string at the end
  for (;;) {
    if (pos >= msg.length) return { ok: false, code: 'names.dns.name_trunc', offset: pos };
    const len = msg[pos]!;
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      // RFC 1035 §4.1.4: a pointer is two octets, 11 + a 14-bit offset from the message start.
      if (pos + 1 >= msg.length) return { ok: false, code: 'names.dns.name_trunc', offset: pos };
      const target = ((len & 0x3f) << 8) | msg[pos + 1]!;
      if (target >= pos) return { ok: false, code: 'names.dns.name_ptr_forward', offset: pos };
      if (target >= runStart) return { ok: false, code: 'names.dns.name_ptr_loop', offset: pos };
      if (next < 0) next = pos + 2;
      pos = runStart = target;
      continue;
    }
    // 0x40 and 0x80 are the extended (RFC 6891 §5) and reserved label types: a length above 63.
    if (kind !== 0) return { ok: false, code: 'names.dns.name_bad_label_type', offset: pos };
    wire += len + 1;
    if (wire > DNS_MAX_NAME_WIRE) return { ok: false, code: 'names.dns.name_too_long', offset: pos };
    if (len === 0) return { ok: true, name: String.fromCharCode.apply(null, codes), next: next < 0 ? pos + 1 : next };
    if (pos + 1 + len > msg.length) return { ok: false, code: 'names.dns.name_trunc', offset: pos };
    if (codes.length > 0) codes.push(0x2e);
    pushLabel(msg, pos + 1, pos + 1 + len, codes);
    pos += 1 + len;
  }
}

/** Appends the presentation form of one label's bytes as char codes (see `escapeLabelByte`). */
function pushLabel(b: Uint8Array, start: number, end: number, codes: number[]): void {
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x41 && c <= 0x5a) codes.push(c | 0x20);
    else if (c === 0x2e || c === 0x5c) codes.push(0x5c, c);
    else if (c > 0x20 && c < 0x7f) codes.push(c);
    else codes.push(0x5c, 0x30 + ((c / 100) | 0), 0x30 + (((c / 10) | 0) % 10), 0x30 + (c % 10));
  }
}
