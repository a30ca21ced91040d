/**
 * Normalisation and special-purpose classification of destination addresses. Non-public
 * special-purpose addresses are never looked up: the primary embedded database answers AU/JP for
 * some private and documentation ranges (GEODATA.md §2.3). An address whose registry entry is
 * "Globally Reachable: True" (AS112, AMT, PCP/TURN anycast, ORCHIDv2, DETs, the NAT64 well-known
 * prefix) is public: it is looked up like any other, and keeps its entry as information.
 * @module geo/special
 */
import type { IpAddr } from '../core/index.js';
import { formatIp, isMappedIpv4, parseCidr, parseIp, prefixMatches, type IpBytes, type IpNetwork } from './ip-bytes.js';
import { IPV4_SPECIAL, IPV6_SPECIAL, type SpecialKind, type SpecialRow } from './special-table.js';

/** The registry entry an address falls in (the most specific one). */
export interface SpecialAddress {
  readonly registry: 'iana-ipv4-special-registry' | 'iana-ipv6-special-registry' | 'multicast';
  readonly block: string;
  readonly name: string;
  readonly rfc: string;
  readonly kind: SpecialKind;
  /** The registry's "Globally Reachable" column; `null` where it says N/A or nothing. */
  readonly globallyReachable: boolean | null;
  /**
   * Not a public destination, so never looked up: `globallyReachable` is not `true`, or (NAT64
   * well-known prefix) the IPv4 address carried inside is itself non-public (RFC 6052 §3.1 forbids
   * that). N/A counts as non-public (the deprecated blocks, multicast), except for 6to4 and
   * Teredo: traffic to them is delivered over IPv4 to `deliveredToIpv4`, and they are public when
   * that address is.
   */
  readonly nonPublic: boolean;
  /** IPv4 address carried inside (NAT64 RFC 6052 §2.2, 6to4 RFC 3056 §2, Teredo server RFC 4380 §4). */
  readonly embeddedIpv4?: IpAddr;
  /**
   * The IPv4 address traffic to this address is delivered to, which is where it is geolocated:
   * NAT64's embedded address (RFC 6052 §2.2), the 6to4 site's router (RFC 3056 §2, the /48's
   * V4ADDR), or the Teredo client's mapped address, the public address of its NAT (RFC 4380 §4:
   * the last 32 bits, obfuscated by inverting every bit).
   */
  readonly deliveredToIpv4?: IpAddr;
}

/** A validated destination address. */
export type NormalizedIp =
  | { readonly status: 'ok'; readonly ip: IpAddr; readonly parsed: IpBytes; readonly unmappedFrom?: string }
  | { readonly status: 'invalid'; readonly input: string };

interface Compiled {
  readonly net: IpNetwork;
  readonly entry: SpecialAddress;
}

/**
 * Rows by the address's first byte, most specific first: most first bytes have no row at all, so
 * classification of ordinary public addresses costs one array read.
 */
function compile(rows: readonly SpecialRow[], v: 4 | 6): readonly (readonly Compiled[])[] {
  const all = rows
    .map(([block, name, rfc, kind, reachable]): Compiled => {
      const net = parseCidr(block);
      if (net === undefined) throw new Error(`bad special block ${block}`);
      const registry = kind === 'multicast' ? 'multicast' : v === 4 ? 'iana-ipv4-special-registry' : 'iana-ipv6-special-registry';
      const entry = { registry, block, name, rfc, kind, globallyReachable: reachable, nonPublic: reachable !== true } as const;
      return { net, entry: Object.freeze(entry) };
    })
    .sort((a, b) => b.net.prefix - a.net.prefix);
  return Array.from({ length: 256 }, (_, first) =>
    all.filter((c) => c.net.prefix < 8 ? first >> (8 - c.net.prefix) === c.net.bytes[0]! >> (8 - c.net.prefix) : first === c.net.bytes[0]),
  );
}

const V4 = compile(IPV4_SPECIAL, 4);
const V6 = compile(IPV6_SPECIAL, 6);

/**
 * Validate with `net.isIP` (so `08.8.8.8`, trailing spaces and zone ids are invalid) and unmap
 * `::ffff:a.b.c.d` to `a.b.c.d` (RFC 4291 §2.5.5.2). The result is canonical text.
 */
export function normalizeIp(text: string): NormalizedIp {
  const parsed = parseIp(text);
  if (parsed === undefined) return { status: 'invalid', input: text };
  if (parsed.version === 6 && isMappedIpv4(parsed.bytes)) {
    const v4: IpBytes = { version: 4, bytes: parsed.bytes.slice(12) };
    return { status: 'ok', ip: formatIp(v4), parsed: v4, unmappedFrom: text };
  }
  // net.isIP admits only canonical dotted quads (no leading zeros): the text is already canonical.
  return { status: 'ok', ip: parsed.version === 4 ? (text as IpAddr) : formatIp(parsed), parsed };
}

/** The most specific special-purpose entry of `ip`, or `undefined` for ordinary space. */
export function classifySpecial(ip: IpBytes): SpecialAddress | undefined {
  const rows = (ip.version === 4 ? V4 : V6)[ip.bytes[0]!]!;
  for (const c of rows) {
    if (!prefixMatches(ip.bytes, c.net.bytes, c.net.prefix)) continue;
    const k = CARRIERS.get(c.entry.block);
    if (k === undefined) return c.entry;
    const embedded = formatIp({ version: 4, bytes: ip.bytes.subarray(k.embedded, k.embedded + 4) });
    const to: IpBytes = { version: 4, bytes: ip.bytes.slice(k.delivered, k.delivered + 4) };
    if (k.inverted) for (let i = 0; i < 4; i++) to.bytes[i] = to.bytes[i]! ^ 0xff;
    const inner = classifySpecial(to);
    // NAT64 is globally reachable itself; 6to4 and Teredo (N/A) are as public as where they lead.
    const nonPublic = (c.entry.kind === 'tunnel' ? false : c.entry.nonPublic) || inner?.nonPublic === true;
    const deliveredToIpv4 = k.delivered === k.embedded && !k.inverted ? embedded : formatIp(to);
    return { ...c.entry, nonPublic, embeddedIpv4: embedded, deliveredToIpv4 };
  }
  return undefined;
}

/**
 * Blocks whose addresses carry an IPv4 address (byte offset `embedded`) and are delivered over
 * IPv4 (from byte `delivered`, bits `inverted`): NAT64 (RFC 6052 §2.2) and 6to4 (RFC 3056 §2) to
 * the address inside; Teredo, whose embedded address is its server, to its client's NAT (RFC 4380 §4).
 */
const CARRIERS: ReadonlyMap<string, { readonly embedded: number; readonly delivered: number; readonly inverted: boolean }> = new Map([
  ['64:ff9b::/96', { embedded: 12, delivered: 12, inverted: false }],
  ['2002::/16', { embedded: 2, delivered: 2, inverted: false }],
  ['2001::/32', { embedded: 4, delivered: 12, inverted: true }],
]);

/**
 * Prefix length of the widest special-purpose block containing `ip` (e.g. 24 for 192.0.0.8, which
 * is in 192.0.0.8/32 and 192.0.0.0/24), or `undefined` outside special-purpose space. An override
 * reaches a non-public address only when its CIDR is at least this specific (geo/overrides).
 */
export function widestSpecialPrefix(ip: IpBytes): number | undefined {
  let widest: number | undefined;
  for (const c of (ip.version === 4 ? V4 : V6)[ip.bytes[0]!]!) {
    if (prefixMatches(ip.bytes, c.net.bytes, c.net.prefix)) widest = c.net.prefix;
  }
  return widest;
}
