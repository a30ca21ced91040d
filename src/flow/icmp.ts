/**
 * ICMP request/reply pairing, as Zeek's ICMP4_counterpart/ICMP6_counterpart
 * (src/packet_analysis/protocol/icmp/ICMP.cc) and the Community ID spec's port mapping.
 *
 * A message type with a counterpart is "two-way": its flow is keyed by (type, counterpart type) so
 * the request and the reply meet in one flow. Any other type is "one-way": keyed by (type, code),
 * direction kept.
 * @module flow/icmp
 */

/** ICMPv4 (RFC 792, RFC 950): echo 8↔0, router solicit 10↔advert 9, timestamp 13↔14, info 15↔16, mask 17↔18. */
const ICMP4_COUNTERPART: ReadonlyMap<number, number> = new Map([
  [8, 0], [0, 8],
  [13, 14], [14, 13],
  [15, 16], [16, 15],
  [10, 9], [9, 10],
  [17, 18], [18, 17],
]);

/**
 * ICMPv6 (RFC 4443, RFC 4861, RFC 2710, RFC 6275): echo 128↔129, MLD query 130↔report 131,
 * router solicit 133↔advert 134, neighbor solicit 135↔advert 136, who-are-you 139↔140,
 * home agent address discovery 144↔145.
 */
const ICMP6_COUNTERPART: ReadonlyMap<number, number> = new Map([
  [128, 129], [129, 128],
  [130, 131], [131, 130],
  [133, 134], [134, 133],
  [135, 136], [136, 135],
  [139, 140], [140, 139],
  [144, 145], [145, 144],
]);

/** The reply/request type paired with `type`, or -1 when the type is one-way. */
export function icmpCounterpart(ipVersion: 4 | 6, type: number): number {
  const c = (ipVersion === 4 ? ICMP4_COUNTERPART : ICMP6_COUNTERPART).get(type);
  return c === undefined ? -1 : c;
}
