/**
 * The closed list of decoder anomaly codes (STYLE rule 6; Suricata `decode-events.c`, Zeek weirds).
 * Each code names the first failed check of one header; every code is triggered by a test.
 * @module decode/anomalies
 */

/** Every anomaly code the decode stage can produce. */
export const DECODE_ANOMALY_CODES = [
  // link layers
  'decoder.ethernet.trunc_hdr',
  'decoder.vlan.trunc_hdr',
  'decoder.vlan.too_many_layers',
  'decoder.vntag.trunc_hdr',
  'decoder.mpls.trunc_hdr',
  'decoder.mpls.unknown_payload',
  'decoder.pppoe.trunc_hdr',
  'decoder.pppoe.bad_version',
  'decoder.ppp.trunc_hdr',
  'decoder.sll.trunc_hdr',
  'decoder.sll2.trunc_hdr',
  'decoder.null.trunc_hdr',
  'decoder.null.unknown_family',
  'decoder.chdlc.trunc_hdr',
  'decoder.raw.trunc_hdr',
  'decoder.raw.bad_version',
  'decoder.llc.trunc_hdr',
  'decoder.fddi.trunc_hdr',
  'decoder.ieee80211.trunc_hdr',
  'decoder.radiotap.trunc_hdr',
  'decoder.pktap.trunc_hdr',
  'decoder.ppi.trunc_hdr',
  'decoder.nflog.trunc_hdr',
  'decoder.nflog.unknown_family',
  'decoder.ipnet.trunc_hdr',
  'decoder.ipnet.unknown_family',
  'decoder.ipoib.trunc_hdr',
  'decoder.mpacket.trunc_hdr',
  // IPv4 (RFC 791)
  'decoder.ipv4.trunc_hdr',
  'decoder.ipv4.bad_version',
  'decoder.ipv4.hlen_too_small',
  'decoder.ipv4.trunc_opts',
  'decoder.ipv4.iplen_smaller_than_hlen',
  'decoder.ipv4.iplen_zero',
  'decoder.ipv4.trunc_pkt',
  'decoder.ipv4.frag_overlap',
  'decoder.ipv4.frag_incomplete',
  'decoder.ipv4.frag_too_large',
  'decoder.ipv4.frag_cap',
  // IPv6 (RFC 8200)
  'decoder.ipv6.trunc_hdr',
  'decoder.ipv6.bad_version',
  'decoder.ipv6.trunc_exthdr',
  'decoder.ipv6.plen_zero',
  'decoder.ipv6.trunc_pkt',
  'decoder.ipv6.frag_overlap',
  'decoder.ipv6.frag_incomplete',
  'decoder.ipv6.frag_too_large',
  'decoder.ipv6.frag_cap',
  // transports
  'decoder.tcp.trunc_hdr',
  'decoder.tcp.hlen_too_small',
  'decoder.tcp.trunc_opts',
  'decoder.udp.trunc_hdr',
  'decoder.udp.hlen_too_small',
  'decoder.udp.len_invalid',
  'decoder.icmpv4.trunc_hdr',
  'decoder.icmpv4.bad_quoted',
  'decoder.icmpv6.trunc_hdr',
  'decoder.icmpv6.bad_quoted',
  // tunnels
  'decoder.gre.trunc_hdr',
  'decoder.gre.bad_version',
  'decoder.gre.bad_flags',
  'decoder.vxlan.trunc_hdr',
  'decoder.vxlan.bad_flags',
  'decoder.geneve.trunc_hdr',
  'decoder.geneve.bad_version',
  'decoder.teredo.trunc_hdr',
  'decoder.teredo.not_ipv6',
  'decoder.gtpu.trunc_hdr',
  'decoder.gtpu.bad_version',
  'decoder.gtpu.not_ip',
  'decoder.tunnel.too_deep',
  'decoder.tunnel.inner_malformed',
] as const;

/** One decoder anomaly code. */
export type DecodeAnomalyCode = (typeof DECODE_ANOMALY_CODES)[number];
