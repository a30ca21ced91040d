/**
 * Every row of the IANA IPv4 and IPv6 Special-Purpose Address Registries (CSV as published on
 * 2026-07-18) and the two multicast blocks: an address inside each block classifies to that row,
 * with the registry's name, RFC and "Globally Reachable" value, and globally reachable rows are
 * public (looked up) while the others are not; 6to4 and Teredo (N/A) are as public as the IPv4
 * address their traffic is delivered to.
 */
import { describe, expect, it } from 'vitest';
import { classifySpecial, normalizeIp, parseIp, widestSpecialPrefix } from '../../src/geo/index.js';
import { IPV4_SPECIAL, IPV6_SPECIAL } from '../../src/geo/special-table.js';

type Reach = boolean | null;
/** [probe address, block, name, RFC, Globally Reachable] — typed from the registry, not from src. */
const REGISTRY: ReadonlyArray<readonly [string, string, string, string, Reach]> = [
  ['0.1.2.3', '0.0.0.0/8', '"This network"', 'RFC 791 §3.2', false],
  ['0.0.0.0', '0.0.0.0/32', '"This host on this network"', 'RFC 1122 §3.2.1.3', false],
  ['10.200.0.1', '10.0.0.0/8', 'Private-Use', 'RFC 1918', false],
  ['100.100.100.100', '100.64.0.0/10', 'Shared Address Space', 'RFC 6598', false],
  ['127.255.0.1', '127.0.0.0/8', 'Loopback', 'RFC 1122 §3.2.1.3', false],
  ['169.254.1.1', '169.254.0.0/16', 'Link Local', 'RFC 3927', false],
  ['172.20.0.1', '172.16.0.0/12', 'Private-Use', 'RFC 1918', false],
  ['192.0.0.200', '192.0.0.0/24', 'IETF Protocol Assignments', 'RFC 6890 §2.1', false],
  ['192.0.0.7', '192.0.0.0/29', 'IPv4 Service Continuity Prefix', 'RFC 7335', false],
  ['192.0.0.8', '192.0.0.8/32', 'IPv4 dummy address', 'RFC 7600', false],
  ['192.0.0.9', '192.0.0.9/32', 'Port Control Protocol Anycast', 'RFC 7723', true],
  ['192.0.0.10', '192.0.0.10/32', 'Traversal Using Relays around NAT Anycast', 'RFC 8155', true],
  ['192.0.0.170', '192.0.0.170/32', 'NAT64/DNS64 Discovery', 'RFC 8880, RFC 7050 §2.2', false],
  ['192.0.0.171', '192.0.0.171/32', 'NAT64/DNS64 Discovery', 'RFC 8880, RFC 7050 §2.2', false],
  ['192.0.2.77', '192.0.2.0/24', 'Documentation (TEST-NET-1)', 'RFC 5737', false],
  ['192.31.196.1', '192.31.196.0/24', 'AS112-v4', 'RFC 7535', true],
  ['192.52.193.9', '192.52.193.0/24', 'AMT', 'RFC 7450', true],
  ['192.88.99.1', '192.88.99.0/24', 'Deprecated (6to4 Relay Anycast)', 'RFC 7526', null],
  ['192.88.99.2', '192.88.99.2/32', '6a44-relay anycast address', 'RFC 6751', false],
  ['192.168.255.1', '192.168.0.0/16', 'Private-Use', 'RFC 1918', false],
  ['192.175.48.6', '192.175.48.0/24', 'Direct Delegation AS112 Service', 'RFC 7534', true],
  ['198.19.255.255', '198.18.0.0/15', 'Benchmarking', 'RFC 2544', false],
  ['198.51.100.0', '198.51.100.0/24', 'Documentation (TEST-NET-2)', 'RFC 5737', false],
  ['203.0.113.9', '203.0.113.0/24', 'Documentation (TEST-NET-3)', 'RFC 5737', false],
  ['233.252.0.1', '224.0.0.0/4', 'Multicast', 'RFC 5771', null],
  ['250.1.2.3', '240.0.0.0/4', 'Reserved', 'RFC 1112 §4', false],
  ['255.255.255.255', '255.255.255.255/32', 'Limited Broadcast', 'RFC 8190, RFC 919 §7', false],
  ['::1', '::1/128', 'Loopback Address', 'RFC 4291', false],
  ['::', '::/128', 'Unspecified Address', 'RFC 4291', false],
  ['::ffff:8.8.8.8', '::ffff:0:0/96', 'IPv4-mapped Address', 'RFC 4291', false], // geolocate unmaps these first
  ['64:ff9b::808:808', '64:ff9b::/96', 'IPv4-IPv6 Translat.', 'RFC 6052', true],
  ['64:ff9b:1:2::1', '64:ff9b:1::/48', 'IPv4-IPv6 Translat.', 'RFC 8215', false],
  ['100::ffff:1', '100::/64', 'Discard-Only Address Block', 'RFC 6666', false],
  ['100:0:0:1::5', '100:0:0:1::/64', 'Dummy IPv6 Prefix', 'RFC 9780', false],
  ['2001:1ff::1', '2001::/23', 'IETF Protocol Assignments', 'RFC 2928', false],
  ['2001:0:ffff::1', '2001::/32', 'TEREDO', 'RFC 4380, RFC 8190', null],
  ['2001:1::1', '2001:1::1/128', 'Port Control Protocol Anycast', 'RFC 7723', true],
  ['2001:1::2', '2001:1::2/128', 'Traversal Using Relays around NAT Anycast', 'RFC 8155', true],
  ['2001:1::3', '2001:1::3/128', 'DNS-SD Service Registration Protocol Anycast', 'RFC 9665', true],
  ['2001:2:0:ffff::1', '2001:2::/48', 'Benchmarking', 'RFC 5180, RFC Errata 1752', false],
  ['2001:3:abcd::1', '2001:3::/32', 'AMT', 'RFC 7450', true],
  ['2001:4:112:1::1', '2001:4:112::/48', 'AS112-v6', 'RFC 7535', true],
  ['2001:1f::1', '2001:10::/28', 'Deprecated (previously ORCHID)', 'RFC 4843', null],
  ['2001:2f::1', '2001:20::/28', 'ORCHIDv2', 'RFC 7343', true],
  ['2001:3f::1', '2001:30::/28', 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', 'RFC 9374', true],
  ['2001:db8:ffff::1', '2001:db8::/32', 'Documentation', 'RFC 3849', false],
  ['2002:808:808::1', '2002::/16', '6to4', 'RFC 3056', null],
  ['2620:4f:8000::42', '2620:4f:8000::/48', 'Direct Delegation AS112 Service', 'RFC 7534', true],
  ['3fff:fff::1', '3fff::/20', 'Documentation', 'RFC 9637', false],
  ['5f00:1::1', '5f00::/16', 'Segment Routing (SRv6) SIDs', 'RFC 9602', false],
  ['fc00::1', 'fc00::/7', 'Unique-Local', 'RFC 4193, RFC 8190', false],
  ['fdff::1', 'fc00::/7', 'Unique-Local', 'RFC 4193, RFC 8190', false],
  ['febf::1', 'fe80::/10', 'Link-Local Unicast', 'RFC 4291', false],
  ['ff0e::1', 'ff00::/8', 'Multicast', 'RFC 4291 §2.7', null],
];

/** Classification of the address as written (not unmapped: the mapped row is tested too). */
const special = (ip: string) => classifySpecial(parseIp(ip)!);

describe('IANA special-purpose registries, row by row', () => {
  it.each(REGISTRY)('%s is in %s (%s, %s; globally reachable %s)', (ip, block, name, rfc, reach) => {
    const s = special(ip);
    expect(s).toMatchObject({ block, name, rfc, globallyReachable: reach });
    const tunnel = s?.kind === 'tunnel' && s.deliveredToIpv4 !== undefined;
    expect(s?.nonPublic).toBe(tunnel ? special(s.deliveredToIpv4!)?.nonPublic === true : reach !== true);
  });

  it('the source table has exactly the registry rows (25 IPv4 rows, .170/.171 split, + 224/4; 25 IPv6 rows + ff00::/8)', () => {
    const blocks = [...new Set(REGISTRY.map((r) => r[1]))].sort();
    expect([...IPV4_SPECIAL, ...IPV6_SPECIAL].map((r) => r[0]).sort()).toEqual(blocks);
    expect(IPV4_SPECIAL).toHaveLength(27);
    expect(IPV6_SPECIAL).toHaveLength(26);
  });

  it.each([
    { ip: '64:ff9b::808:808', embedded: '8.8.8.8', nonPublic: false },
    { ip: '64:ff9b::a00:1', embedded: '10.0.0.1', nonPublic: true }, // RFC 6052 §3.1: never for non-global IPv4
    { ip: '64:ff9b::c01f:c401', embedded: '192.31.196.1', nonPublic: false }, // AS112 inside: still public
    { ip: '2002:a00:1::1', embedded: '10.0.0.1', nonPublic: true }, // 6to4 site behind a private address
    { ip: '2002:808:808::1', embedded: '8.8.8.8', nonPublic: false }, // RFC 3056 §2: V4ADDR is the site's router
    { ip: '2002:c000:201::1', embedded: '192.0.2.1', nonPublic: true }, // documentation router
  ])('embedded IPv4 of $ip decides NAT64 and 6to4 ($embedded → non-public $nonPublic)', ({ ip, embedded, nonPublic }) => {
    expect(special(ip)).toMatchObject({ embeddedIpv4: embedded, deliveredToIpv4: embedded, nonPublic });
  });

  it.each([
    // RFC 4380 §4's example: server 65.54.227.120, client behind NAT 192.0.2.45 port 40000.
    { ip: '2001:0:4136:e378:8000:63bf:3fff:fdd2', server: '65.54.227.120', client: '192.0.2.45', nonPublic: true },
    { ip: '2001:0:4136:e378:8000:63bf:f7f7:f7f7', server: '65.54.227.120', client: '8.8.8.8', nonPublic: false },
    { ip: '2001:0:4136:e378:8000:63bf:f5ff:fffe', server: '65.54.227.120', client: '10.0.0.1', nonPublic: true },
  ])('Teredo $ip: server $server inside, delivered to the client\'s NAT at $client (non-public $nonPublic)', ({ ip, server, client, nonPublic }) => {
    expect(special(ip)).toMatchObject({ name: 'TEREDO', embeddedIpv4: server, deliveredToIpv4: client, nonPublic });
  });

  it.each([
    { ip: '192.0.0.8', widest: 24 },
    { ip: '192.0.0.100', widest: 24 },
    { ip: '10.1.2.3', widest: 8 },
    { ip: '192.88.99.2', widest: 24 },
    { ip: '2001:1::1', widest: 23 },
    { ip: '8.8.8.8', widest: undefined },
    { ip: '2a00::1', widest: undefined },
  ])('widest special block around $ip: /$widest', ({ ip, widest }) => {
    const n = normalizeIp(ip);
    expect(n.status === 'ok' ? widestSpecialPrefix(n.parsed) : 'invalid').toBe(widest);
  });
});
