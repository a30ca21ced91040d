/**
 * Dispatch tables (STYLE rule 7): link types → link decoder, EtherTypes → shim decoder or a
 * non-IP name, IP protocols → transport decoder, IP protocols and UDP ports → tunnel decoder.
 * Adding a protocol is one module and one line here.
 * @module decode/registry
 */
import type { LinkType } from '../core/index.js';
import type { TunnelLayer } from './types.js';
import { readEthernet } from './ethernet.js';
import { readFddi } from './fddi.js';
import { readIeee80211, readRadiotap } from './ieee80211.js';
import { readIpnet, readIpoib, readNetlink } from './ipnet.js';
import { readMpacket } from './mpacket.js';
import { readNflog } from './nflog.js';
import { readPktap, readPpi } from './pktap.js';
import { readGre } from './gre.js';
import { readGtpu } from './gtpu.js';
import { readIcmpv4, readIcmpv6 } from './icmp.js';
import * as L from './l2.js';
import { readMpls } from './mpls.js';
import { readNull } from './null-loopback.js';
import { readChdlc, readPpp, readPppoe } from './ppp.js';
import { readRaw } from './raw.js';
import { readSll, readSll2 } from './sll.js';
import { readTcp } from './tcp.js';
import { readTeredo } from './teredo.js';
import type { TransportDecoder } from './transport.js';
import { readUdp } from './udp.js';
import { readVlan, readVntag } from './vlan.js';
import { readGeneve, readVxlan } from './vxlan.js';

/** tcpdump.org LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) → first decoder. */
export const LINK_DECODERS: ReadonlyMap<LinkType, L.L2Decoder> = new Map<LinkType, L.L2Decoder>([
  [0, readNull], // LINKTYPE_NULL
  [1, readEthernet], // LINKTYPE_ETHERNET
  [9, readPpp], // LINKTYPE_PPP
  [10, readFddi], // LINKTYPE_FDDI
  [12, readRaw], // DLT_RAW on most BSDs
  [14, readRaw], // DLT_RAW on OpenBSD
  [50, readPpp], // LINKTYPE_PPP_HDLC
  [101, readRaw], // LINKTYPE_RAW
  [104, readChdlc], // LINKTYPE_C_HDLC
  [105, readIeee80211], // LINKTYPE_IEEE802_11
  [108, readNull], // LINKTYPE_LOOP
  [113, readSll], // LINKTYPE_LINUX_SLL
  [127, readRadiotap], // LINKTYPE_IEEE802_11_RADIOTAP
  [192, readPpi], // LINKTYPE_PPI
  [226, readIpnet], // LINKTYPE_IPNET
  [228, readRaw], // LINKTYPE_IPV4
  [229, readRaw], // LINKTYPE_IPV6
  [239, readNflog], // LINKTYPE_NFLOG
  [242, readIpoib], // LINKTYPE_IPOIB
  [253, readNetlink], // LINKTYPE_NETLINK
  [258, readPktap], // LINKTYPE_PKTAP
  [274, readMpacket], // LINKTYPE_ETHERNET_MPACKET
  [276, readSll2], // LINKTYPE_LINUX_SLL2
]);

/** EtherTypes that are a header before IP (tags, labels, sessions, bridged Ethernet). */
export const ETHERTYPE_SHIMS: ReadonlyMap<number, L.L2Decoder> = new Map<number, L.L2Decoder>([
  [L.ETHERTYPE_VLAN, readVlan],
  [L.ETHERTYPE_QINQ, readVlan],
  [L.ETHERTYPE_QINQ_OLD, readVlan],
  [L.ETHERTYPE_QINQ_OLD2, readVlan],
  [L.ETHERTYPE_VNTAG, readVntag],
  [L.ETHERTYPE_MPLS, readMpls],
  [L.ETHERTYPE_MPLS_MCAST, readMpls],
  [L.ETHERTYPE_PPPOE_SESS, readPppoe],
  [L.ETHERTYPE_TEB, readEthernet],
  [L.ETHERTYPE_PPP, readPpp],
]);

/** Short names of payloads that are valid but not IP (counted, not errors). */
export const NOT_IP_ETHERTYPES: ReadonlyMap<number, string> = new Map<number, string>([
  [0x0001, 'novell-802.3'],
  [L.ETHERTYPE_LLC, 'llc'],
  [0x000c, 'can'],
  [L.ETHERTYPE_ARP, 'arp'],
  [0x8035, 'rarp'],
  [0x809b, 'appletalk'],
  [0x8137, 'ipx'],
  [0x8808, 'ethernet-flow-control'],
  [0x8809, 'slow-protocols'],
  [L.ETHERTYPE_PPPOE_DISC, 'pppoe-discovery'],
  [0x886d, 'intel-ans'],
  [0x888e, 'eapol'],
  [0x8892, 'profinet'],
  [0x88b8, 'goose'],
  [0x88cc, 'lldp'],
  [0x88e1, 'homeplug-av'],
  [0x88e5, 'macsec'],
  [0x88f7, 'ptp'],
  [0x8902, 'cfm'],
  [0x890d, 'ieee-802.11-data'],
  [0x8915, 'roce'],
  [0x9000, 'loopback'],
  [L.PSEUDO_PPP | 0x8021, 'ppp-ipcp'],
  [L.PSEUDO_PPP | 0x8057, 'ppp-ipv6cp'],
  [L.PSEUDO_PPP | 0xc021, 'ppp-lcp'],
  [L.PSEUDO_PPP | 0xc023, 'ppp-pap'],
  [L.PSEUDO_PPP | 0xc223, 'ppp-chap'],
  [L.PSEUDO_PPP | 0x80fd, 'ppp-ccp'],
  [L.PSEUDO_NETLINK, 'netlink'],
  [L.PSEUDO_WLAN_MGMT, 'wlan-mgmt'],
  [L.PSEUDO_WLAN_CTRL, 'wlan-ctrl'],
  [L.PSEUDO_WLAN_PROTECTED, 'wlan-protected'],
  [L.PSEUDO_WLAN_NO_DATA, 'wlan-no-data'],
  [L.PSEUDO_NFLOG_NO_PAYLOAD, 'nflog-no-payload'],
  [L.PSEUDO_MPACKET_FRAGMENT, 'mpacket-fragment'],
  [L.PSEUDO_MPACKET_VERIFY, 'mpacket-verify'],
]);

/** Name of a non-IP EtherType (or pseudo EtherType) for `not-ip` outcomes. */
export function notIpName(etherType: number): string {
  const known = NOT_IP_ETHERTYPES.get(etherType);
  if (known !== undefined) return known;
  if (etherType > 0xffff && etherType < L.PSEUDO_NETLINK) return `ppp-0x${(etherType & 0xffff).toString(16).padStart(4, '0')}`;
  return `ethertype-0x${etherType.toString(16).padStart(4, '0')}`;
}

/** IP protocol numbers (https://www.iana.org/assignments/protocol-numbers) → transport decoder. */
export const IP_PROTOCOLS: ReadonlyMap<number, TransportDecoder> = new Map<number, TransportDecoder>([
  [1, readIcmpv4],
  [6, readTcp],
  [17, readUdp],
  [58, readIcmpv6],
]);

/** A tunnel: its kind for TunnelLayer and the decoder of its header. */
export interface TunnelEntry {
  readonly kind: TunnelLayer['kind'];
  readonly decode: L.L2Decoder;
}

function ipInIp(etherType: number): L.L2Decoder {
  return (_buf, off, _end, s) => {
    s.etherType = etherType;
    return off;
  };
}

/** IP protocols that carry a tunnel: IPv4-in-IP (RFC 2003), IPv6-in-IP (RFC 4213), GRE (RFC 2784). */
export const IP_TUNNELS: ReadonlyMap<number, TunnelEntry> = new Map<number, TunnelEntry>([
  [4, { kind: 'ip-in-ip', decode: ipInIp(L.ETHERTYPE_IPV4) }],
  [41, { kind: 'ip-in-ip', decode: ipInIp(L.ETHERTYPE_IPV6) }],
  [47, { kind: 'gre', decode: readGre }],
]);

/** UDP ports of tunnels (either side): VXLAN 4789, Teredo 3544, GTP-U 2152, Geneve 6081. */
export const UDP_TUNNELS: ReadonlyMap<number, TunnelEntry> = new Map<number, TunnelEntry>([
  [4789, { kind: 'vxlan', decode: readVxlan }],
  [3544, { kind: 'teredo', decode: readTeredo }],
  [2152, { kind: 'gtp-u', decode: readGtpu }],
  [6081, { kind: 'geneve', decode: readGeneve }],
]);

/**
 * Dense views of the tables above for the per-packet path (derived, never registered into):
 * transport decoders by IP protocol number, and a flag per UDP port that has a tunnel, so a plain
 * UDP packet costs two byte reads instead of two Map lookups.
 */
export const IP_PROTOCOL_TABLE: readonly (TransportDecoder | undefined)[] = Array.from({ length: 256 }, (_, p) => IP_PROTOCOLS.get(p));
export const UDP_TUNNEL_PORT: Uint8Array = (() => {
  const flags = new Uint8Array(65536);
  for (const port of UDP_TUNNELS.keys()) flags[port] = 1;
  return flags;
})();
