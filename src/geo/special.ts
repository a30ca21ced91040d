/**
 * Normalisation and special-purpose classification of destination addresses. Special-purpose
 * addresses are never looked up: the primary embedded database answers AU/JP for some private and
 * documentation ranges (GEODATA.md §2.3).
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
  /** The registry's "Globally Reachable" column; `null` where it says N/A. */
  readonly globallyReachable: boolean | null;
  /** IPv4 address carried inside (NAT64 RFC 6052 §2.2, 6to4 RFC 3056 §2, Teredo server RFC 4380 §4). */
  readonly embeddedIpv4?: IpAddr;
}

/** A validated destination address. */
export type NormalizedIp =
  | { readonly status: 'ok'; readonly ip: IpAddr; readonly parsed: IpBytes; readonly unmappedFrom?: string }
  | { readonly status: 'invalid'; readonly input: string };

interface Compiled {
  readonly net: IpNetwork;
  readonly entry: SpecialAddress;
}

function compile(rows: readonly SpecialRow[], v: 4 | 6): Compiled[] {
  return rows
    .map(([block, name, rfc, kind, reachable]): Compiled => {
      const net = parseCidr(block);
      if (net === undefined) throw new Error(`bad special block ${block}`);
      const registry = kind === 'multicast' ? 'multicast' : v === 4 ? 'iana-ipv4-special-registry' : 'iana-ipv6-special-registry';
      return { net, entry: Object.freeze({ registry, block, name, rfc, kind, globallyReachable: reachable }) };
    })
    .sort((a, b) => b.net.prefix - a.net.prefix); // most specific first
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
  return { status: 'ok', ip: formatIp(parsed), parsed };
}

/** The special-purpose entry of `ip`, or `undefined` for ordinary (public unicast) space. */
export function classifySpecial(ip: IpBytes): SpecialAddress | undefined {
  const table = ip.version === 4 ? V4 : V6;
  for (const c of table) {
    if (!prefixMatches(ip.bytes, c.net.bytes, c.net.prefix)) continue;
    const embedded = embeddedIpv4(ip.bytes, c.entry.block);
    return embedded === undefined ? c.entry : { ...c.entry, embeddedIpv4: embedded };
  }
  return undefined;
}

function embeddedIpv4(b: Uint8Array, block: string): IpAddr | undefined {
  const at = block === '64:ff9b::/96' ? 12 : block === '2002::/16' ? 2 : block === '2001::/32' ? 4 : -1;
  return at < 0 ? undefined : formatIp({ version: 4, bytes: b.subarray(at, at + 4) });
}
