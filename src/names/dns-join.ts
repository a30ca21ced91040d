/**
 * The DNS side of naming, for a client: which names the answers it got gave an address at a
 * time (the time- and client-aware join), reaching the client's addresses of the other IP version
 * through one MAC (names/client-links), which clients use encrypted DNS, and the names of
 * endpoints that are not flows of their own (a tunnel's far end, an address a proxy was asked
 * for). State: the bounded answer map, the MAC links and the encrypted-DNS clients.
 * @module names/dns-join
 */
import { isIP } from 'node:net';
import type { IpAddr } from '../core/index.js';
import { ClientLinks } from './client-links.js';
import type { DnsAnswerMap, DnsMapEntry } from './dns-map.js';
import type { FlowNames, NameEvidence, ProxyRequest } from './types.js';

/** Clients remembered as having used encrypted DNS (for `after_encrypted_dns`). */
const MAX_ENCRYPTED_DNS_CLIENTS = 65_536;

/** The client of a flow: its address, its MAC (-1 none) and IP version, and the server it reached. */
export interface JoinClient {
  readonly origH: IpAddr;
  readonly respH: IpAddr;
  readonly mac: number;
  readonly ipVersion: 4 | 6;
}

/** The name evidence of one DNS answer that named a flow from `client`. */
export function dnsEvidence(c: DnsMapEntry, client: IpAddr): NameEvidence {
  return { value: c.name, source: 'dns', frame: c.frame, tsNs: c.tsNs, ttl: c.ttl, resolver: c.resolver,
    ...(c.chain === undefined ? {} : { cnameChain: c.chain }),
    ...(c.client === client ? {} : { dnsClient: c.client }) };
}

/** The join over one capture's DNS answers. */
export class DnsJoin {
  readonly #map: DnsAnswerMap;
  readonly #maxNames: number;
  readonly #links = new ClientLinks();
  /** Client → capture time it first used encrypted DNS. */
  readonly #encryptedSince = new Map<IpAddr, bigint>();

  constructor(map: DnsAnswerMap, maxNames: number) {
    this.#map = map;
    this.#maxNames = maxNames;
  }

  /** `ip` sent from source MAC `mac` (see ClientLinks.note). */
  noteL2Source(mac: number, ip: IpAddr, version: 4 | 6): void {
    this.#links.note(mac, ip, version);
  }

  /** The other-version addresses of the host at `ip` behind `mac` (see ClientLinks.linked). */
  linked(mac: number, ip: IpAddr, version: 4 | 6): readonly IpAddr[] {
    return this.#links.linked(mac, ip, version);
  }

  /** Answers naming `address` for `client` at `tsNs`; else those to its `linked` addresses. */
  candidates(client: IpAddr, linked: readonly IpAddr[], address: IpAddr, tsNs: bigint): DnsMapEntry[] {
    const cands = this.#map.candidates(client, address, tsNs);
    return cands.length === 0 && linked.length > 0 ? this.#linkedCandidates(linked, address, tsNs) : cands;
  }

  /** Some answer for (`client` or a linked address, `address`) came after `tsNs`. */
  answeredAfter(client: IpAddr, linked: readonly IpAddr[], address: IpAddr, tsNs: bigint): boolean {
    return this.#map.answeredAfter(client, address, tsNs) || linked.some((c) => this.#map.answeredAfter(c, address, tsNs));
  }

  /**
   * The DNS names `client` (sent from `mac`, -1 none) was told `address` had, current at `tsNs`:
   * the join a flow gets at its start, for endpoints that are not flows of the flow table. At
   * most the per-flow name cap, most recent first.
   */
  namesFor(client: IpAddr, mac: number, version: 4 | 6, address: IpAddr, tsNs: bigint): NameEvidence[] {
    const cands = this.candidates(client, this.#links.linked(mac, client, version), address, tsNs);
    return cands.slice(0, this.#maxNames).map((c) => dnsEvidence(c, client));
  }

  /**
   * The flow's proxied requests, named; a request for the flow's own server (its address, or a
   * name DNS gave the client for that address) is an absolute-form request sent straight to the
   * origin server (RFC 9112 §3.2.2 allows it), not a proxy request, and is dropped.
   */
  proxiedOf(names: FlowNames, client: JoinClient): FlowNames {
    const own = new Set<string>([client.respH]);
    for (const n of names.names) if (n.source === 'dns') own.add(n.value);
    const proxied = (names.proxied ?? []).filter((p) => !own.has(p.host)).map((p) => this.#nameAddressTarget(p, client));
    if (proxied.length === names.proxied?.length) return { ...names, proxied };
    const { proxied: _dropped, ...rest } = names;
    return proxied.length > 0 ? { ...rest, proxied } : { ...rest, flags: rest.flags.filter((f) => f !== 'via_proxy') };
  }

  /** When `client` (or one of its linked addresses) first used encrypted DNS. */
  encryptedSince(client: IpAddr, linked: readonly IpAddr[]): bigint | undefined {
    let since = this.#encryptedSince.get(client);
    if (since !== undefined) return since;
    for (const c of linked) {
      const t = this.#encryptedSince.get(c);
      if (t !== undefined && (since === undefined || t < since)) since = t;
    }
    return since;
  }

  /** `client` used encrypted DNS at `tsNs` (the first time counts). */
  markEncrypted(client: IpAddr, tsNs: bigint): void {
    if (!this.#encryptedSince.has(client) && this.#encryptedSince.size < MAX_ENCRYPTED_DNS_CLIENTS) this.#encryptedSince.set(client, tsNs);
  }

  /** A proxied request for an address: the DNS answers that named it for the client, if any. */
  #nameAddressTarget(p: ProxyRequest, client: JoinClient): ProxyRequest {
    if (isIP(p.host) === 0) return p;
    const names = this.namesFor(client.origH, client.mac, client.ipVersion, p.host as IpAddr, p.tsNs);
    return names.length === 0 ? p : { ...p, names };
  }

  /**
   * Answers to the other-version addresses of the client's host (see ClientLinks): most recent
   * first, one per name, each with the address it was sent to.
   */
  #linkedCandidates(clients: readonly IpAddr[], address: IpAddr, startNs: bigint): DnsMapEntry[] {
    const all: DnsMapEntry[] = [];
    for (const c of clients) all.push(...this.#map.candidates(c, address, startNs));
    if (clients.length === 1) return all;
    all.sort((a, b) => (a.tsNs === b.tsNs ? b.frame - a.frame : a.tsNs > b.tsNs ? -1 : 1));
    return all.filter((e, i) => all.findIndex((o) => o.name === e.name) === i);
  }
}
