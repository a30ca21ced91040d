/**
 * IP protocol numbers → conn.log `proto` names (IANA "Assigned Internet Protocol Numbers").
 * One table, registered once (STYLE rule 7); unknown protocols are named `ip-N`.
 * @module flow/registry
 */

/** IANA protocol numbers we name. ICMPv6 is 'icmp', as Zeek's conn.log logs it. */
export const IP_PROTO_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [1, 'icmp'],
  [2, 'igmp'],
  [4, 'ipip'],
  [6, 'tcp'],
  [17, 'udp'],
  [33, 'dccp'],
  [41, 'ipv6'],
  [46, 'rsvp'],
  [47, 'gre'],
  [50, 'esp'],
  [51, 'ah'],
  [58, 'icmp'],
  [59, 'ipv6-nonxt'],
  [88, 'eigrp'],
  [89, 'ospf'],
  [103, 'pim'],
  [112, 'vrrp'],
  [115, 'l2tp'],
  [132, 'sctp'],
  [136, 'udplite'],
]);

/** IP protocol numbers (RFC 790 / IANA). */
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_SCTP = 132;

/** conn.log protocol name of an IP protocol number: a table entry, else `ip-N`. */
export function protoName(ipProto: number): string {
  return IP_PROTO_NAMES.get(ipProto) ?? `ip-${ipProto}`;
}
