/**
 * IP address text: RFC 5952 canonical form for IPv6, dotted quad for IPv4.
 * @module core/ip
 */

/** An IP address in canonical text form (RFC 5952 for IPv6). */
export type IpAddr = string & { readonly __brand: 'IpAddr' };

/** Dotted-quad text of the 4 bytes at `off`. */
export function formatIpv4(b: Uint8Array, off: number): IpAddr {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}` as IpAddr;
}

/**
 * RFC 5952 text of the 16 bytes at `off`: lower-case hex, leading zeros dropped, the longest run
 * (first if tied) of two or more zero groups shown as `::`, and IPv4-mapped addresses
 * (::ffff:0:0/96) shown with a dotted quad (§5).
 */
export function formatIpv6(b: Uint8Array, off: number): IpAddr {
  const g = new Array<number>(8);
  for (let i = 0; i < 8; i++) g[i] = (b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${formatIpv4(b, off + 12)}` as IpAddr;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    s += g[i]!.toString(16);
    if (i < 7) s += ':';
  }
  return s as IpAddr;
}

/** Compare two addresses for deterministic ordering: IPv4 before IPv6, then numerically. */
export function compareIp(a: string, b: string): number {
  const ka = ipSortKey(a);
  const kb = ipSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A string whose plain order is `compareIp`'s order (compute once per address to sort many). */
export function ipSortKey(a: string): string {
  if (!a.includes(':')) {
    return '4' + a.split('.').map((p) => Number(p).toString(16).padStart(2, '0')).join('');
  }
  const [head = '', tail = ''] = a.includes('::') ? a.split('::') : [a, ''];
  const parse = (s: string): string[] => (s === '' ? [] : s.split(':'));
  let h = parse(head);
  let t = parse(tail);
  const dotted = (parts: string[]): string[] => {
    const last = parts[parts.length - 1];
    if (last === undefined || !last.includes('.')) return parts;
    const q = last.split('.').map(Number);
    return [...parts.slice(0, -1), (((q[0] ?? 0) << 8) | (q[1] ?? 0)).toString(16), (((q[2] ?? 0) << 8) | (q[3] ?? 0)).toString(16)];
  };
  if (a.includes('::')) t = dotted(t);
  else h = dotted(h);
  const fill = new Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0');
  return '6' + [...h, ...fill, ...t].map((x) => x.padStart(4, '0')).join('');
}
