/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 §2.2, RFC 8190 §2), every
 * row, plus the multicast blocks (RFC 5771 §3, RFC 4291 §2.7), which have registries of their
 * own. Names and RFCs are the registries' own; checked row by row against the registries' CSV
 * (https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry-1.csv,
 * .../iana-ipv6-special-registry/iana-ipv6-special-registry-1.csv) as published on 2026-07-18.
 * `reachable` is the "Globally Reachable" column: `null` where it says N/A, or is blank (the
 * terminated rows 192.88.99.0/24 and 2001:10::/28, whose flags RFC 7526 §7 and RFC 7343 removed).
 * @module geo/special-table
 */

/** Coarse category of a special-purpose block, for policy and display. */
export type SpecialKind =
  | 'this_network' | 'unspecified' | 'private' | 'shared' | 'loopback' | 'link_local' | 'protocol_assignment'
  | 'documentation' | 'benchmarking' | 'multicast' | 'reserved' | 'broadcast' | 'unique_local' | 'translation'
  | 'tunnel' | 'anycast_service' | 'discard' | 'mapped' | 'deprecated' | 'overlay' | 'segment_routing';

/** One registry row: block, name, RFC, kind, globally reachable. */
export type SpecialRow = readonly [block: string, name: string, rfc: string, kind: SpecialKind, reachable: boolean | null];

/** iana-ipv4-special-registry (25 rows; 192.0.0.170 and .171 share one), plus 224.0.0.0/4 (RFC 5771). */
export const IPV4_SPECIAL: readonly SpecialRow[] = [
  ['0.0.0.0/8', '"This network"', 'RFC 791 §3.2', 'this_network', false],
  ['0.0.0.0/32', '"This host on this network"', 'RFC 1122 §3.2.1.3', 'unspecified', false],
  ['10.0.0.0/8', 'Private-Use', 'RFC 1918', 'private', false],
  ['100.64.0.0/10', 'Shared Address Space', 'RFC 6598', 'shared', false],
  ['127.0.0.0/8', 'Loopback', 'RFC 1122 §3.2.1.3', 'loopback', false],
  ['169.254.0.0/16', 'Link Local', 'RFC 3927', 'link_local', false],
  ['172.16.0.0/12', 'Private-Use', 'RFC 1918', 'private', false],
  ['192.0.0.0/24', 'IETF Protocol Assignments', 'RFC 6890 §2.1', 'protocol_assignment', false],
  ['192.0.0.0/29', 'IPv4 Service Continuity Prefix', 'RFC 7335', 'protocol_assignment', false],
  ['192.0.0.8/32', 'IPv4 dummy address', 'RFC 7600', 'protocol_assignment', false],
  ['192.0.0.9/32', 'Port Control Protocol Anycast', 'RFC 7723', 'anycast_service', true],
  ['192.0.0.10/32', 'Traversal Using Relays around NAT Anycast', 'RFC 8155', 'anycast_service', true],
  ['192.0.0.170/32', 'NAT64/DNS64 Discovery', 'RFC 8880, RFC 7050 §2.2', 'translation', false],
  ['192.0.0.171/32', 'NAT64/DNS64 Discovery', 'RFC 8880, RFC 7050 §2.2', 'translation', false],
  ['192.0.2.0/24', 'Documentation (TEST-NET-1)', 'RFC 5737', 'documentation', false],
  ['192.31.196.0/24', 'AS112-v4', 'RFC 7535', 'anycast_service', true],
  ['192.52.193.0/24', 'AMT', 'RFC 7450', 'anycast_service', true],
  ['192.88.99.0/24', 'Deprecated (6to4 Relay Anycast)', 'RFC 7526', 'deprecated', null],
  ['192.88.99.2/32', '6a44-relay anycast address', 'RFC 6751', 'tunnel', false],
  ['192.168.0.0/16', 'Private-Use', 'RFC 1918', 'private', false],
  ['192.175.48.0/24', 'Direct Delegation AS112 Service', 'RFC 7534', 'anycast_service', true],
  ['198.18.0.0/15', 'Benchmarking', 'RFC 2544', 'benchmarking', false],
  ['198.51.100.0/24', 'Documentation (TEST-NET-2)', 'RFC 5737', 'documentation', false],
  ['203.0.113.0/24', 'Documentation (TEST-NET-3)', 'RFC 5737', 'documentation', false],
  ['224.0.0.0/4', 'Multicast', 'RFC 5771', 'multicast', null],
  ['240.0.0.0/4', 'Reserved', 'RFC 1112 §4', 'reserved', false],
  ['255.255.255.255/32', 'Limited Broadcast', 'RFC 8190, RFC 919 §7', 'broadcast', false],
];

/** iana-ipv6-special-registry (25 rows), plus ff00::/8 (RFC 4291 §2.7). */
export const IPV6_SPECIAL: readonly SpecialRow[] = [
  ['::1/128', 'Loopback Address', 'RFC 4291', 'loopback', false],
  ['::/128', 'Unspecified Address', 'RFC 4291', 'unspecified', false],
  ['::ffff:0:0/96', 'IPv4-mapped Address', 'RFC 4291', 'mapped', false],
  ['64:ff9b::/96', 'IPv4-IPv6 Translat.', 'RFC 6052', 'translation', true],
  ['64:ff9b:1::/48', 'IPv4-IPv6 Translat.', 'RFC 8215', 'translation', false],
  ['100::/64', 'Discard-Only Address Block', 'RFC 6666', 'discard', false],
  ['100:0:0:1::/64', 'Dummy IPv6 Prefix', 'RFC 9780', 'protocol_assignment', false],
  ['2001::/23', 'IETF Protocol Assignments', 'RFC 2928', 'protocol_assignment', false],
  ['2001::/32', 'TEREDO', 'RFC 4380, RFC 8190', 'tunnel', null],
  ['2001:1::1/128', 'Port Control Protocol Anycast', 'RFC 7723', 'anycast_service', true],
  ['2001:1::2/128', 'Traversal Using Relays around NAT Anycast', 'RFC 8155', 'anycast_service', true],
  ['2001:1::3/128', 'DNS-SD Service Registration Protocol Anycast', 'RFC 9665', 'anycast_service', true],
  ['2001:2::/48', 'Benchmarking', 'RFC 5180, RFC Errata 1752', 'benchmarking', false],
  ['2001:3::/32', 'AMT', 'RFC 7450', 'anycast_service', true],
  ['2001:4:112::/48', 'AS112-v6', 'RFC 7535', 'anycast_service', true],
  ['2001:10::/28', 'Deprecated (previously ORCHID)', 'RFC 4843', 'deprecated', null],
  ['2001:20::/28', 'ORCHIDv2', 'RFC 7343', 'overlay', true],
  ['2001:30::/28', 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', 'RFC 9374', 'overlay', true],
  ['2001:db8::/32', 'Documentation', 'RFC 3849', 'documentation', false],
  ['2002::/16', '6to4', 'RFC 3056', 'tunnel', null],
  ['2620:4f:8000::/48', 'Direct Delegation AS112 Service', 'RFC 7534', 'anycast_service', true],
  ['3fff::/20', 'Documentation', 'RFC 9637', 'documentation', false],
  ['5f00::/16', 'Segment Routing (SRv6) SIDs', 'RFC 9602', 'segment_routing', false],
  ['fc00::/7', 'Unique-Local', 'RFC 4193, RFC 8190', 'unique_local', false],
  ['fe80::/10', 'Link-Local Unicast', 'RFC 4291', 'link_local', false],
  ['ff00::/8', 'Multicast', 'RFC 4291 §2.7', 'multicast', null],
];
