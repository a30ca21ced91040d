/**
 * Address text → network-order bytes, for hashing (Community ID). Accepts what core/ip formats:
 * dotted quads and RFC 5952 / RFC 4291 §2.2 IPv6 text, including `::` and an embedded IPv4 tail.
 * @module flow/ip-bytes
 */

/** 4 bytes of a dotted-quad IPv4 address; malformed parts read as 0 (input is our own formatting). */
export function ipv4Bytes(text: string): Uint8Array {
  const out = new Uint8Array(4);
  const parts = text.split('.');
  for (let i = 0; i < 4; i++) out[i] = Number(parts[i] ?? 0) & 0xff;
  return out;
}

/** 16 bytes of an IPv6 address in text form (RFC 4291 §2.2, forms 1–3). */
export function ipv6Bytes(text: string): Uint8Array {
  const out = new Uint8Array(16);
  const dbl = text.indexOf('::');
  const head = dbl < 0 ? text : text.slice(0, dbl);
  const tail = dbl < 0 ? '' : text.slice(dbl + 2);
  const h = groups(head);
  const t = groups(tail);
  for (let i = 0; i < h.length && i < 8; i++) putGroup(out, i, h[i] ?? 0);
  const start = 8 - t.length;
  for (let i = 0; i < t.length; i++) putGroup(out, start + i, t[i] ?? 0);
  return out;
}

function putGroup(out: Uint8Array, i: number, g: number): void {
  out[2 * i] = (g >> 8) & 0xff;
  out[2 * i + 1] = g & 0xff;
}

/** 16-bit groups of one side of `::`; a dotted IPv4 last part becomes two groups. */
function groups(s: string): number[] {
  if (s === '') return [];
  const out: number[] = [];
  for (const p of s.split(':')) {
    if (p.includes('.')) {
      const b = ipv4Bytes(p);
      out.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
    } else {
      out.push(parseInt(p, 16) & 0xffff);
    }
  }
  return out;
}

/** Bytes of an address of the given version. */
export function ipBytes(ipVersion: 4 | 6, text: string): Uint8Array {
  return ipVersion === 4 ? ipv4Bytes(text) : ipv6Bytes(text);
}
