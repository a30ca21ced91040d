/**
 * Frame → IP packet (link, IP, transport, tunnels, reassembly).
 *
 * `PacketDecoder` is the way in for the pipeline: `decode(frame)` per frame, `expire(tsNs)` now and
 * then (frame time) and `flush()` at the end; the ExpiredFragments they return carry the frames of
 * datagrams that never became packets, so every frame is accounted for. The per-layer decoders are
 * exported for tests and tools; each is pure and total (`(buf, off, end?) → LayerResult`).
 * @module decode
 */
export type * from './types.js';
export { PacketDecoder } from './packet-decoder.js';
export { copyPacket } from './packet.js';
export { DECODE_ANOMALY_CODES, type DecodeAnomalyCode } from './anomalies.js';
export type { L2Header } from './l2.js';
export { decodeEthernet } from './ethernet.js';
export { decodeVlan } from './vlan.js';
export { decodeMpls } from './mpls.js';
export { decodePpp, decodePppoe, decodeChdlc } from './ppp.js';
export { decodeSll, decodeSll2 } from './sll.js';
export { decodeNull } from './null-loopback.js';
export { decodeRaw } from './raw.js';
export { decodeFddi } from './fddi.js';
export { decodeIeee80211, decodeRadiotap } from './ieee80211.js';
export { decodePktap, decodePpi } from './pktap.js';
export { decodeNflog } from './nflog.js';
export { decodeIpnet, decodeIpoib } from './ipnet.js';
export { decodeMpacket } from './mpacket.js';
export { decodeIpv4, type Ipv4Header } from './ipv4.js';
export { decodeIpv6, type Ipv6Header } from './ipv6.js';
export { decodeTcp } from './tcp.js';
export { decodeUdp } from './udp.js';
export { decodeIcmpv4, decodeIcmpv6, parseQuoted } from './icmp.js';
export { decodeGre } from './gre.js';
export { decodeVxlan, decodeGeneve } from './vxlan.js';
export { decodeTeredo } from './teredo.js';
export { decodeGtpu } from './gtpu.js';
export { LINK_DECODERS, ETHERTYPE_SHIMS, NOT_IP_ETHERTYPES, IP_PROTOCOLS, IP_TUNNELS, UDP_TUNNELS } from './registry.js';
