/**
 * Which IPv4 and IPv6 addresses are one host's, told by the source MAC their packets came from.
 *
 * A dual-stack host often asks for AAAA records over IPv4 (its resolver has only an IPv4 address)
 * and then connects over IPv6, or the other way round. The DNS join is by client address, so such
 * a flow would get no name. When the capture shows the flow's originator MAC sending from exactly
 * one IPv4 address and a few IPv6 addresses, those addresses are taken to be one host's, and the
 * join may use DNS answers sent to the host's address of the other family. Every name found that
 * way says which address the answer went to (`NameEvidence.dnsClient`), so the link can be checked.
 *
 * A router's MAC sends for many hosts: the link is refused when the MAC has sent from more than
 * one IPv4 address (its LAN side forwards many remote sources) or from more than
 * `MAX_V6_PER_HOST` IPv6 addresses; it is also refused while the MAC has no address of the other
 * family at all. The unspecified addresses (DHCP, DAD) are not a host's address. Answers to a
 * NATting router's single public address can still reach the IPv6 flows it forwards: the report
 * names the address the answer went to, as it does for every DNS name.
 * @module names/client-links
 */
import type { IpAddr } from '../core/index.js';

/** More IPv6 source addresses than this (stable, temporary, link-local…) and a MAC is not one host. */
export const MAX_V6_PER_HOST = 8;
/** MACs remembered; beyond this new MACs are not linked (their flows are joined by address only, as before links). */
export const MAX_LINKED_MACS = 65_536;

interface MacHost {
  /** Distinct IPv4 source addresses, at most 2 kept (2 = not one host). */
  readonly v4: IpAddr[];
  /** Distinct IPv6 source addresses, at most MAX_V6_PER_HOST + 1 kept. */
  readonly v6: IpAddr[];
}

const NONE: readonly IpAddr[] = Object.freeze([]);

/** Source MAC → the addresses it sent from, bounded. */
export class ClientLinks {
  readonly #byMac = new Map<number, MacHost>();

  /** A packet from `ip` (IP version `version`) had source MAC `mac`. */
  note(mac: number, ip: IpAddr, version: 4 | 6): void {
    if (ip === '0.0.0.0' || ip === '::') return;
    let h = this.#byMac.get(mac);
    if (h === undefined) {
      if (this.#byMac.size >= MAX_LINKED_MACS) return;
      h = { v4: [], v6: [] };
      this.#byMac.set(mac, h);
    }
    const list = version === 4 ? h.v4 : h.v6;
    const cap = version === 4 ? 2 : MAX_V6_PER_HOST + 1;
    if (list.length < cap && !list.includes(ip)) list.push(ip);
  }

  /**
   * The other family's addresses of the host at `ip` behind `mac`, when `mac` looks like one host
   * (one IPv4 address, at most MAX_V6_PER_HOST IPv6 addresses, `ip` among them); else none.
   */
  linked(mac: number, ip: IpAddr, version: 4 | 6): readonly IpAddr[] {
    if (mac < 0) return NONE;
    const h = this.#byMac.get(mac);
    if (h === undefined || h.v4.length !== 1 || h.v6.length === 0 || h.v6.length > MAX_V6_PER_HOST) return NONE;
    if (version === 4) return h.v4[0] === ip ? h.v6 : NONE;
    return h.v6.includes(ip) ? h.v4 : NONE;
  }
}

/** `aa:bb:cc:dd:ee:ff` → the 48-bit number, -1 when absent or not a MAC. */
export function macNumber(text: string | undefined): number {
  return text !== undefined && MAC_TEXT.test(text) ? Number.parseInt(text.replaceAll(':', ''), 16) : -1;
}

const MAC_TEXT = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;
