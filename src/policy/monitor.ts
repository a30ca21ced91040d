/**
 * Which traffic counts: flows a monitored host originates, to destinations that are not local
 * (unless include_local). Monitored hosts are the policy's addresses, networks and MACs, or by
 * default every originator whose address is not public (IANA special-purpose and not globally
 * reachable, RFC 6890 §2.2.2).
 * @module policy/monitor
 */
import { classifySpecial, type IpBytes, type SpecialAddress } from '../geo/index.js';
import type { Policy } from './model.js';
import { addressBytes, NetworkSet, normalizeMac } from './network.js';
import type { Tri } from './rules.js';

/** What a destination is, for deciding whether it counts. */
export type DestinationClass = 'public' | 'local' | 'multicast';

/**
 * `multicast` for multicast and limited broadcast; `local` for special-purpose blocks that are
 * not globally reachable; else `public`. Translation (NAT64) and tunnel (6to4, Teredo) blocks are
 * `public` whatever the registry says: traffic to them leaves the site.
 */
export function destinationClass(ip: IpBytes | undefined): { readonly cls: DestinationClass; readonly special?: SpecialAddress } {
  if (ip === undefined) return { cls: 'public' };
  const s = classifySpecial(ip);
  if (s === undefined) return { cls: 'public' };
  if (s.kind === 'multicast' || s.kind === 'broadcast') return { cls: 'multicast', special: s };
  if (s.kind === 'translation' || s.kind === 'tunnel' || s.globallyReachable !== false) return { cls: 'public', special: s };
  return { cls: 'local', special: s };
}

/** True for an address that is not public: special-purpose and not globally reachable. */
export function isNonPublic(ip: IpBytes | undefined): boolean {
  if (ip === undefined) return false;
  const s = classifySpecial(ip);
  return s !== undefined && s.globallyReachable !== true && s.kind !== 'translation';
}

/** The monitored-host selector of a policy. */
export class MonitorSelector {
  readonly #nets: NetworkSet;
  readonly #macs: ReadonlySet<string>;
  readonly #default: boolean;

  constructor(policy: Policy) {
    const hosts = policy.monitored.hosts;
    const macs = hosts.map(normalizeMac).filter((m): m is string => m !== undefined);
    this.#macs = new Set(macs);
    this.#nets = new NetworkSet(hosts.filter((h) => normalizeMac(h) === undefined));
    this.#default = hosts.length === 0;
  }

  /** Whether monitoring is the default (every non-public originator). */
  get isDefault(): boolean {
    return this.#default;
  }

  /** Whether the policy names MAC addresses. */
  get hasMacs(): boolean {
    return this.#macs.size > 0;
  }

  /** 1 monitored, 0 not, 2 unknown (the policy names MACs and the flow has none). */
  origin(ip: IpBytes | undefined, mac: string | undefined): Tri {
    if (this.#default) return isNonPublic(ip) ? 1 : 0;
    if (this.#nets.contains(ip)) return 1;
    if (this.#macs.size === 0) return 0;
    if (mac === undefined) return 2;
    const m = normalizeMac(mac);
    return m !== undefined && this.#macs.has(m) ? 1 : 0;
  }

  /**
   * `origin`, and also monitored (1) when `origin` says 0 but one of `sameHost` is monitored: the
   * originator's addresses of the other IP version, known to be the same host because one MAC
   * sent from them all (names/client-links). `via` is that address.
   */
  originOf(ip: IpBytes | undefined, mac: string | undefined, sameHost: readonly string[] | undefined): { readonly tri: Tri; readonly via?: string } {
    const tri = this.origin(ip, mac);
    if (tri !== 0 || sameHost === undefined) return { tri };
    for (const other of sameHost) {
      if (this.address(addressBytes(other))) return { tri: 1, via: other };
    }
    return { tri };
  }

  /** Whether an address (without a MAC) is monitored, for responders and DNS clients. */
  address(ip: IpBytes | undefined): boolean {
    return this.#default ? isNonPublic(ip) : this.#nets.contains(ip);
  }
}
