/**
 * NAT64 prefixes a capture reveals. In an IPv6-only network a DNS64 resolver answers for an
 * IPv4-only name with an IPv6 address made of the network's NAT64 prefix and the IPv4 address
 * (RFC 6052 §2.2), and the NAT64 translator delivers the traffic to that IPv4 address. With the
 * well-known prefix 64:ff9b::/96 the geo stage finds the IPv4 address by itself; a
 * network-specific prefix is ordinary global (or ULA) space that geolocates to the translator, so
 * a host in such a network seems to talk only to its own operator's country.
 *
 * Hosts discover the prefix by asking for the AAAA records of `ipv4only.arpa` (RFC 7050 §3, RFC
 * 8880), a name with only the IPv4 addresses 192.0.0.170 and 192.0.0.171: the answer shows where
 * the network puts them. This module learns prefixes from those answers, and tells which IPv4
 * address an IPv6 address under a learnt prefix is delivered to.
 * @module names/nat64
 */
import { formatIpv4, formatIpv6, ipv6Bytes, NAT64_PREFIX_LENGTHS, parseNat64Prefix, type IpAddr } from '../core/index.js';

/** Prefix lengths RFC 6052 §2.2 defines, longest first. */
const LENGTHS = [...NAT64_PREFIX_LENGTHS].reverse();
/** Prefixes remembered per capture (a network has one or two; more is noise). */
export const MAX_NAT64_PREFIXES = 16;
/** The discovery name (RFC 7050 §2, RFC 8880 §7). */
export const IPV4ONLY_ARPA = 'ipv4only.arpa';

/** A NAT64 prefix learnt from a discovery answer (with its evidence) or given by the user. */
export type Nat64Prefix =
  | {
      /** The prefix as CIDR text, e.g. `2001:db8:64::/96`. */
      readonly prefix: string;
      readonly length: number;
      readonly source: 'dns';
      /** The AAAA answer it was read from, and where. */
      readonly answer: IpAddr;
      readonly frame: number;
      readonly tsNs: bigint;
      readonly client: IpAddr;
      readonly resolver: IpAddr;
    }
  | { readonly prefix: string; readonly length: number; readonly source: 'option' };

/** The well-known prefix: the geo stage reads addresses under it by itself (geo/special). */
const WELL_KNOWN = '64:ff9b::/96';

/** Byte offsets of the IPv4 address in an address under a prefix of `length` (RFC 6052 §2.2: bits 64-71 are skipped). */
function v4Offsets(length: number): readonly number[] {
  const start = length / 8;
  const out: number[] = [];
  for (let i = start; out.length < 4; i++) if (i !== 8) out.push(i);
  return out;
}

/** The IPv4 address embedded in `addr` under a prefix of `length`. */
export function embeddedIpv4(addr: Uint8Array, length: number): Uint8Array {
  return Uint8Array.from(v4Offsets(length), (i) => addr[i]!);
}

/**
 * The prefix length at which `addr` carries 192.0.0.170 or 192.0.0.171 with the bits RFC 6052
 * §2.2 reserves (the `u` octet and the suffix) zero; `undefined` when no length or more than one does.
 */
export function wkaPrefixLength(addr: Uint8Array): number | undefined {
  let found: number | undefined;
  for (const length of LENGTHS) {
    const offs = v4Offsets(length);
    const v4 = offs.map((i) => addr[i]!);
    if (v4[0] !== 192 || v4[1] !== 0 || v4[2] !== 0 || (v4[3] !== 170 && v4[3] !== 171)) continue;
    let zero = length === 96 || addr[8] === 0;
    for (let i = offs[3]! + 1; i < 16 && zero; i++) if (addr[i] !== 0) zero = false;
    if (!zero) continue;
    if (found !== undefined) return undefined;
    found = length;
  }
  return found;
}

/** `addr` with every bit after the first `length` cleared. */
function masked(addr: Uint8Array, length: number): Uint8Array {
  const out = addr.slice();
  for (let i = length / 8; i < 16; i++) out[i] = 0;
  return out;
}

/** The NAT64 prefixes learnt so far. */
export class Nat64Prefixes {
  readonly #list: { readonly p: Nat64Prefix; readonly bytes: Uint8Array }[] = [];
  #dropped = 0;

  /**
   * A DNS answer to `client` (from `resolver`) for `ipv4only.arpa` gave `answer`: remembers the
   * prefix it shows, unless it is the well-known 64:ff9b::/96 (the geo stage knows it) or
   * already known. Returns the new prefix, or undefined.
   */
  learn(answer: IpAddr, frame: number, tsNs: bigint, client: IpAddr, resolver: IpAddr): Nat64Prefix | undefined {
    const addr = ipv6Bytes(answer);
    if (addr === undefined) return undefined;
    const length = wkaPrefixLength(addr);
    if (length === undefined) return undefined;
    const bytes = masked(addr, length);
    const prefix = `${formatIpv6(bytes, 0)}/${length}`;
    if (this.#known(prefix)) return undefined;
    if (this.#list.length >= MAX_NAT64_PREFIXES) {
      this.#dropped++;
      return undefined;
    }
    const p: Nat64Prefix = { prefix, length, source: 'dns', answer, frame, tsNs, client, resolver };
    this.#list.push({ p, bytes });
    return p;
  }

  /** A prefix the user gave (`parseNat64Prefix` text); known before any packet. */
  declare(text: string): void {
    const r = parseNat64Prefix(text);
    if ('problem' in r) throw new Error(`${text}: ${r.problem}`);
    if (this.#known(r.prefix)) return;
    this.#list.push({ p: { prefix: r.prefix, length: r.length, source: 'option' }, bytes: ipv6Bytes(r.prefix.slice(0, r.prefix.indexOf('/')))! });
  }

  /** The well-known prefix, or one held already. */
  #known(prefix: string): boolean {
    return prefix === WELL_KNOWN || this.#list.some((e) => e.p.prefix === prefix);
  }

  /** Prefixes learnt, in the order they were. */
  get list(): readonly Nat64Prefix[] {
    return this.#list.map((e) => e.p);
  }

  /** Discovery answers with a new prefix not kept at the cap. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The learnt prefix `ip` lies under and the IPv4 address it is delivered to; undefined when none. */
  match(ip: IpAddr): { readonly prefix: Nat64Prefix; readonly ipv4: IpAddr } | undefined {
    if (this.#list.length === 0 || !ip.includes(':')) return undefined;
    const addr = ipv6Bytes(ip);
    if (addr === undefined) return undefined;
    for (const e of this.#list) {
      const whole = e.p.length / 8;
      let inside = true;
      for (let i = 0; i < whole && inside; i++) if (addr[i] !== e.bytes[i]) inside = false;
      if (inside) return { prefix: e.p, ipv4: formatIpv4(embeddedIpv4(addr, e.p.length), 0) };
    }
    return undefined;
  }
}
