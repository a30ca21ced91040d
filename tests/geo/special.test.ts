import { describe, expect, it } from 'vitest';
import { classifySpecial, normalizeIp } from '../../src/geo/index.js';

function classify(ip: string): { name?: string; block?: string; rfc?: string; kind?: string; embeddedIpv4?: string } | 'public' | 'invalid' {
  const n = normalizeIp(ip);
  if (n.status === 'invalid') return 'invalid';
  const s = classifySpecial(n.parsed);
  if (s === undefined) return 'public';
  return { name: s.name, block: s.block, kind: s.kind, ...(s.embeddedIpv4 === undefined ? {} : { embeddedIpv4: s.embeddedIpv4 }) };
}

describe('special-purpose classification', () => {
  it.each([
    { input: '10.1.2.3', expected: { name: 'Private-Use', block: '10.0.0.0/8', kind: 'private' } },
    { input: '172.16.0.1', expected: { name: 'Private-Use', block: '172.16.0.0/12', kind: 'private' } },
    { input: '172.31.255.255', expected: { name: 'Private-Use', block: '172.16.0.0/12', kind: 'private' } },
    { input: '192.168.1.1', expected: { name: 'Private-Use', block: '192.168.0.0/16', kind: 'private' } },
    { input: '100.64.0.1', expected: { name: 'Shared Address Space', block: '100.64.0.0/10', kind: 'shared' } },
    { input: '100.127.255.255', expected: { name: 'Shared Address Space', block: '100.64.0.0/10', kind: 'shared' } },
    { input: '127.0.0.1', expected: { name: 'Loopback', block: '127.0.0.0/8', kind: 'loopback' } },
    { input: '169.254.169.254', expected: { name: 'Link Local', block: '169.254.0.0/16', kind: 'link_local' } },
    { input: '192.0.2.1', expected: { name: 'Documentation (TEST-NET-1)', block: '192.0.2.0/24', kind: 'documentation' } },
    { input: '198.51.100.7', expected: { name: 'Documentation (TEST-NET-2)', block: '198.51.100.0/24', kind: 'documentation' } },
    { input: '203.0.113.255', expected: { name: 'Documentation (TEST-NET-3)', block: '203.0.113.0/24', kind: 'documentation' } },
    { input: '198.19.0.1', expected: { name: 'Benchmarking', block: '198.18.0.0/15', kind: 'benchmarking' } },
    { input: '224.0.0.251', expected: { name: 'Multicast', block: '224.0.0.0/4', kind: 'multicast' } },
    { input: '239.255.255.250', expected: { name: 'Multicast', block: '224.0.0.0/4', kind: 'multicast' } },
    { input: '240.0.0.1', expected: { name: 'Reserved', block: '240.0.0.0/4', kind: 'reserved' } },
    { input: '255.255.255.255', expected: { name: 'Limited Broadcast', block: '255.255.255.255/32', kind: 'broadcast' } },
    { input: '0.0.0.0', expected: { name: '"This host on this network"', block: '0.0.0.0/32', kind: 'unspecified' } },
    { input: '0.1.2.3', expected: { name: '"This network"', block: '0.0.0.0/8', kind: 'this_network' } },
    { input: '192.0.0.9', expected: { name: 'Port Control Protocol Anycast', block: '192.0.0.9/32', kind: 'anycast_service' } },
    { input: '192.0.0.1', expected: { name: 'IPv4 Service Continuity Prefix', block: '192.0.0.0/29', kind: 'protocol_assignment' } },
    { input: '192.0.0.100', expected: { name: 'IETF Protocol Assignments', block: '192.0.0.0/24', kind: 'protocol_assignment' } },
    { input: '192.88.99.1', expected: { name: 'Deprecated (6to4 Relay Anycast)', block: '192.88.99.0/24', kind: 'deprecated' } },
    { input: '::1', expected: { name: 'Loopback Address', block: '::1/128', kind: 'loopback' } },
    { input: '::', expected: { name: 'Unspecified Address', block: '::/128', kind: 'unspecified' } },
    { input: 'fd00::1', expected: { name: 'Unique-Local', block: 'fc00::/7', kind: 'unique_local' } },
    { input: 'fe80::1', expected: { name: 'Link-Local Unicast', block: 'fe80::/10', kind: 'link_local' } },
    { input: 'ff02::fb', expected: { name: 'Multicast', block: 'ff00::/8', kind: 'multicast' } },
    { input: '2001:db8::1', expected: { name: 'Documentation', block: '2001:db8::/32', kind: 'documentation' } },
    { input: '3fff:123::1', expected: { name: 'Documentation', block: '3fff::/20', kind: 'documentation' } },
    { input: '2001:2::5', expected: { name: 'Benchmarking', block: '2001:2::/48', kind: 'benchmarking' } },
    { input: '100::42', expected: { name: 'Discard-Only Address Block', block: '100::/64', kind: 'discard' } },
    { input: '64:ff9b::808:808', expected: { name: 'IPv4-IPv6 Translat.', block: '64:ff9b::/96', kind: 'translation', embeddedIpv4: '8.8.8.8' } },
    { input: '64:ff9b:1::1', expected: { name: 'IPv4-IPv6 Translat.', block: '64:ff9b:1::/48', kind: 'translation' } },
    { input: '2002:c000:204::1', expected: { name: '6to4', block: '2002::/16', kind: 'tunnel', embeddedIpv4: '192.0.2.4' } },
    { input: '2001:0:4136:e378:8000:63bf:3fff:fdd2', expected: { name: 'TEREDO', block: '2001::/32', kind: 'tunnel', embeddedIpv4: '65.54.227.120' } },
    { input: '2001:1::1', expected: { name: 'Port Control Protocol Anycast', block: '2001:1::1/128', kind: 'anycast_service' } },
    { input: '2001:1::4', expected: { name: 'IETF Protocol Assignments', block: '2001::/23', kind: 'protocol_assignment' } },
    { input: '2001:4:112::1', expected: { name: 'AS112-v6', block: '2001:4:112::/48', kind: 'anycast_service' } },
    { input: '5f00::1', expected: { name: 'Segment Routing (SRv6) SIDs', block: '5f00::/16', kind: 'segment_routing' } },
    // Mapped addresses are unmapped first, then classified as IPv4.
    { input: '::ffff:10.0.0.1', expected: { name: 'Private-Use', block: '10.0.0.0/8', kind: 'private' } },
    { input: '::ffff:c000:0201', expected: { name: 'Documentation (TEST-NET-1)', block: '192.0.2.0/24', kind: 'documentation' } },
    // Public space.
    { input: '8.8.8.8', expected: 'public' },
    { input: '::ffff:8.8.8.8', expected: 'public' },
    { input: '100.128.0.1', expected: 'public' },
    { input: '172.32.0.1', expected: 'public' },
    { input: '198.20.0.1', expected: 'public' },
    { input: '223.255.255.255', expected: 'public' },
    { input: '2a02:6b8::2:242', expected: 'public' },
    { input: '2001:200::1', expected: 'public' },
    { input: 'fec0::1', expected: 'public' },
    // Invalid text (net.isIP rules): maxmind would accept some of these.
    { input: '08.8.8.8', expected: 'invalid' },
    { input: '8.8.8.8 ', expected: 'invalid' },
    { input: 'not-an-ip', expected: 'invalid' },
    { input: '', expected: 'invalid' },
    { input: '1.2.3', expected: 'invalid' },
    { input: '2001:db8::1::1', expected: 'invalid' },
    { input: 'fe80::1%eth0', expected: 'invalid' }, // net.isIP accepts zone ids; a zone is not a destination
  ])('$input', ({ input, expected }) => {
    expect(classify(input)).toEqual(expected);
  });

  it.each([
    { input: '::ffff:8.8.8.8', ip: '8.8.8.8', unmapped: '::ffff:8.8.8.8' },
    { input: '::FFFF:0808:0808', ip: '8.8.8.8', unmapped: '::FFFF:0808:0808' },
    { input: '2001:DB8:0:0:0:0:0:1', ip: '2001:db8::1', unmapped: undefined },
    { input: '::8.8.8.8', ip: '::808:808', unmapped: undefined },
    { input: '1:2:3:4:5:6:1.2.3.4', ip: '1:2:3:4:5:6:102:304', unmapped: undefined },
  ])('normalises $input to $ip', ({ input, ip, unmapped }) => {
    const n = normalizeIp(input);
    expect(n.status).toBe('ok');
    if (n.status !== 'ok') return;
    expect(n.ip).toBe(ip);
    expect(n.unmappedFrom).toBe(unmapped);
  });
});
