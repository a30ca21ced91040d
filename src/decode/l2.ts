/**
 * Shared shape of the link, shim (VLAN, MPLS, PPPoE, …) and tunnel decoders: each reads one header
 * at `off`, sets the EtherType of what follows in `L2State.etherType`, and returns the next offset,
 * or FAIL with `L2State.code` set. Pseudo EtherTypes above 0xffff name non-IP payloads that have
 * no EtherType of their own (PPP control protocols, netlink).
 * @module decode/l2
 */
import type { AnomalyCode } from '../core/index.js';
import type { LayerResult } from './types.js';

/** Returned instead of an offset when a check failed; the code is in `L2State.code`. */
export const FAIL = -1;
/** Returned by tunnel decoders for valid messages that carry no packet (GTP echo, …). */
export const NOT_DATA = -2;

/** EtherType values (IEEE 802 numbers; https://www.iana.org/assignments/ieee-802-numbers). */
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100; // IEEE 802.1Q
export const ETHERTYPE_QINQ = 0x88a8; // IEEE 802.1ad
export const ETHERTYPE_QINQ_OLD = 0x9100; // pre-standard stacked VLAN
export const ETHERTYPE_QINQ_OLD2 = 0x9200;
export const ETHERTYPE_MPLS = 0x8847; // RFC 3032
export const ETHERTYPE_MPLS_MCAST = 0x8848;
export const ETHERTYPE_PPPOE_DISC = 0x8863; // RFC 2516
export const ETHERTYPE_PPPOE_SESS = 0x8864;
export const ETHERTYPE_TEB = 0x6558; // transparent Ethernet bridging (RFC 1701): an Ethernet frame follows
export const ETHERTYPE_PPP = 0x880b; // PPP in (enhanced) GRE, RFC 2637
export const ETHERTYPE_VNTAG = 0x8926; // Cisco VN-Tag
/** Type/length values below 0x0600 are an 802.3 length: an LLC header follows (IEEE 802.3 §3.2.6). */
export const MIN_ETHERTYPE = 0x0600;
/** Pseudo EtherType for 802.3 length-field frames (Linux ETH_P_802_2). */
export const ETHERTYPE_LLC = 0x0004;
/** Pseudo EtherType base for PPP protocol numbers with no EtherType (0x10000 | PPP protocol). */
export const PSEUDO_PPP = 0x10000;
/** Pseudo EtherType for netlink messages inside Linux cooked captures. */
export const PSEUDO_NETLINK = 0x20338;
/** Pseudo EtherTypes for link-level frames that carry no packet. */
export const PSEUDO_WLAN_MGMT = 0x30001;
export const PSEUDO_WLAN_CTRL = 0x30002;
export const PSEUDO_WLAN_PROTECTED = 0x30003;
export const PSEUDO_WLAN_NO_DATA = 0x30004;
export const PSEUDO_NFLOG_NO_PAYLOAD = 0x30005;
export const PSEUDO_MPACKET_FRAGMENT = 0x30006;
export const PSEUDO_MPACKET_VERIFY = 0x30007;
/** Pseudo EtherType base: "a frame of LINKTYPE (value & 0xffff) follows" (PKTAP, PPI). */
export const PSEUDO_LINK = 0x1000000;

/** At most this many VLAN tags / L2 shims before the frame is called malformed. */
export const MAX_L2_LAYERS = 16;

/** Mutable scratch the link-level decoders write into; one per PacketDecoder. */
export class L2State {
  etherType = 0;
  code: AnomalyCode = 'decoder.ethernet.trunc_hdr';
  /** VLAN ids of the innermost L2, outermost first; only the first `vlanCount` are valid. */
  readonly vlans: number[] = [];
  vlanCount = 0;
  layers = 0;
  /** The frame was cut by the snap length: lengths may exceed what was captured. */
  snapCut = false;
  /**
   * Source MAC of the innermost link-layer header read so far, as a 48-bit number (the six octets
   * big-endian), or -1 when the link has none (raw IP, loopback, PPP, or a cooked header without a
   * 6-octet address). Kept across IP-in-IP tunnels that have no link layer of their own.
   */
  srcMac = -1;
  /** `srcMac` when the outermost IP tunnel was entered: the tunnel sender's MAC (-1 none). */
  outerMac = -1;

  reset(): void {
    this.etherType = 0;
    this.vlanCount = 0;
    this.layers = 0;
    this.srcMac = -1;
    this.outerMac = -1;
  }
}

/** The six octets at `off` as one 48-bit number (exact in a double); the caller checked the length. */
export function readMac48(buf: Uint8Array, off: number): number {
  return (buf[off]! * 0x10000 + buf[off + 1]! * 0x100 + buf[off + 2]!) * 0x1000000 + buf[off + 3]! * 0x10000 + buf[off + 4]! * 0x100 + buf[off + 5]!;
}

/** A link, shim or tunnel decoder: `(buf, off, end, state) → next offset | FAIL | NOT_DATA`. */
export type L2Decoder = (buf: Uint8Array, off: number, end: number, s: L2State) => number;

/** What the exported link-level wrappers return as header. */
export interface L2Header {
  /** EtherType (or pseudo EtherType) of the payload. */
  readonly etherType: number;
  /** VLAN ids seen so far, outermost first. */
  readonly vlan: readonly number[];
}

/** Runs an L2Decoder on a fresh state and wraps the outcome as a LayerResult (tests, tools). */
export function runL2(fn: L2Decoder, buf: Uint8Array, off: number, end: number): LayerResult<L2Header> {
  const s = new L2State();
  const next = fn(buf, off, end, s);
  if (next === FAIL) return { ok: false, code: s.code };
  if (next === NOT_DATA) return { ok: true, header: { etherType: -1, vlan: [] }, next: end };
  return { ok: true, header: { etherType: s.etherType, vlan: s.vlans.slice(0, s.vlanCount) }, next };
}
