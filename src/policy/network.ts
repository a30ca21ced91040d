/**
 * Addresses and networks in policies (monitored hosts, rule and declared CIDRs), parsed with the
 * geo stage's `net.isIP`-based parser, and matched against flow addresses.
 * @module policy/network
 */
import { formatNetwork, normalizeIp, parseCidr, parseIp, type IpBytes, type IpNetwork } from '../geo/index.js';

/** A parsed network, or why the text is not one. */
export type NetworkParse = { readonly ok: true; readonly net: IpNetwork } | { readonly ok: false; readonly message: string };

/**
 * `a.b.c.d`, `a.b.c.d/n`, `x::y` or `x::/n`; a bare address is a /32 or /128. Host bits after the
 * prefix must be zero (a typo such as 10.1.2.3/8 would otherwise silently widen a rule).
 */
export function parseNetwork(text: string): NetworkParse {
  // net.isIP accepts zone ids (fe80::1%eth0); a zone names an interface, not a network.
  if (text.includes('%')) return { ok: false, message: `${JSON.stringify(text)}: zone ids (%…) are not allowed` };
  const slash = text.indexOf('/');
  if (slash < 0) {
    const ip = parseIp(text);
    if (ip === undefined) return { ok: false, message: `${JSON.stringify(text)} is not an IP address or CIDR` };
    return { ok: true, net: { ...ip, prefix: ip.bytes.length * 8 } };
  }
  const net = parseCidr(text);
  if (net !== undefined) return { ok: true, net };
  const ip = parseIp(text.slice(0, slash));
  const pfx = text.slice(slash + 1);
  if (ip !== undefined && /^\d{1,3}$/.test(pfx) && Number(pfx) <= ip.bytes.length * 8) {
    return { ok: false, message: `${JSON.stringify(text)} has host bits set after the prefix (did you mean ${formatNetwork(ip, Number(pfx))}?)` };
  }
  return { ok: false, message: `${JSON.stringify(text)} is not a valid CIDR` };
}

/** True when `ip` lies in `net` (same family). */
export function netContains(net: IpNetwork, ip: IpBytes): boolean {
  if (net.version !== ip.version) return false;
  const full = net.prefix >> 3;
  for (let i = 0; i < full; i++) if (net.bytes[i] !== ip.bytes[i]) return false;
  const rem = net.prefix & 7;
  if (rem === 0) return true;
  const m = (0xff << (8 - rem)) & 0xff;
  return (net.bytes[full]! & m) === (ip.bytes[full]! & m);
}

/** Several networks; `contains` is a linear scan (policies list few). */
export class NetworkSet {
  readonly #nets: readonly IpNetwork[];

  /** Networks from already validated text (invalid entries are skipped). */
  constructor(texts: readonly string[]) {
    const nets: IpNetwork[] = [];
    for (const t of texts) {
      const p = parseNetwork(t);
      if (p.ok) nets.push(p.net);
    }
    this.#nets = nets;
  }

  get size(): number {
    return this.#nets.length;
  }

  contains(ip: IpBytes | undefined): boolean {
    if (ip === undefined) return false;
    for (const n of this.#nets) if (netContains(n, ip)) return true;
    return false;
  }
}

/** Parsed flow addresses (a capture's flows share few distinct hosts); cleared when full. */
const PARSED = new Map<string, IpBytes | undefined>();
const PARSED_MAX = 65_536;

/**
 * A flow address as bytes (IPv4-mapped IPv6 unmapped, RFC 4291 §2.5.5.2), or `undefined` if it
 * is not an address. The result is shared between calls: callers never change it.
 */
export function addressBytes(text: string): IpBytes | undefined {
  let b = PARSED.get(text);
  if (b !== undefined || PARSED.has(text)) return b;
  const n = normalizeIp(text);
  b = n.status === 'ok' ? n.parsed : undefined;
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  PARSED.set(text, b);
  return b;
}

const MAC = /^[0-9a-f]{2}(?:([:-])[0-9a-f]{2})(?:\1[0-9a-f]{2}){4}$/i;

/** `aa:bb:cc:dd:ee:ff` for a MAC written with `:` or `-` in either case, else `undefined`. */
export function normalizeMac(text: string): string | undefined {
  return MAC.test(text) ? text.toLowerCase().replaceAll('-', ':') : undefined;
}
