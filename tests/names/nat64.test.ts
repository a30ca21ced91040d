/**
 * NAT64 prefix discovery (RFC 7050 §3) and the IPv4 address inside an address under a prefix
 * (RFC 6052 §2.2). The embedding table is RFC 6052 §2.4's own example (192.0.2.33 under
 * 2001:db8::/32 … 2001:db8:122:344::/96).
 */
import { describe, expect, it } from 'vitest';
import { formatIpv4, ipv6Bytes, parseNat64Prefix, type IpAddr } from '../../src/core/index.js';
import { embeddedIpv4, MAX_NAT64_PREFIXES, Nat64Prefixes, wkaPrefixLength } from '../../src/names/index.js';

const RFC6052_EXAMPLES: readonly (readonly [number, string])[] = [
  [32, '2001:db8:c000:221::'],
  [40, '2001:db8:1c0:2:21::'],
  [48, '2001:db8:122:c000:2:2100::'],
  [56, '2001:db8:122:3c0:0:221::'],
  [64, '2001:db8:122:344:c0:2:2100:0'],
  [96, '2001:db8:122:344::192.0.2.33'],
];

const bytes = (t: string): Uint8Array => {
  const b = ipv6Bytes(t);
  if (b === undefined) throw new Error(t);
  return b;
};

describe('RFC 6052 §2.2 embedding', () => {
  it.each(RFC6052_EXAMPLES)('/%i: %s carries 192.0.2.33', (length, addr) => {
    expect(formatIpv4(embeddedIpv4(bytes(addr), length), 0)).toBe('192.0.2.33');
  });

  it('parses IPv6 text as net.isIPv6 accepts it, and nothing else', () => {
    expect([...bytes('::')]).toEqual(new Array(16).fill(0));
    expect([...bytes('64:ff9b::5.255.255.158').subarray(12)]).toEqual([5, 255, 255, 158]);
    expect([...bytes('1:2:3:4:5:6:7:8')]).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    for (const bad of ['', '1.2.3.4', 'fe80::1%eth0', '1::2::3', 'g::1', '::1 ']) expect(ipv6Bytes(bad), bad).toBeUndefined();
  });
});

describe('RFC 7050 §3: the prefix length from an ipv4only.arpa answer', () => {
  it.each(RFC6052_EXAMPLES)('/%i: the well-known address at that position', (length) => {
    for (const last of [170, 171]) {
      // The RFC 6052 example prefix of that length, with 192.0.0.<last> embedded in place of 192.0.2.33.
      const a = bytes(RFC6052_EXAMPLES.find(([l]) => l === length)![1]);
      const offs = [...Array(16).keys()].filter((i) => i >= length / 8 && i !== 8).slice(0, 4);
      [192, 0, 0, last].forEach((v, k) => { a[offs[k]!] = v; });
      expect(wkaPrefixLength(a)).toBe(length);
    }
  });

  it.each([
    ['the u octet (bits 64-71) set', '2001:db8:122:344:1c0:0:aa00:0'],
    ['suffix bits set after the address', '2001:db8:c000:aa::1'],
    ['another IPv4 address', '2001:db8:122:344::192.0.2.33'],
    ['192.0.0.172 (not a well-known address)', '2001:db8:122:344::192.0.0.172'],
  ])('not a discovery answer: %s', (_, addr) => {
    expect(wkaPrefixLength(bytes(addr))).toBeUndefined();
  });
});

describe('Nat64Prefixes', () => {
  const learn = (n: Nat64Prefixes, answer: string, frame = 5) => n.learn(answer as IpAddr, frame, 1_700_000_000_000_000_000n, 'fd00::10' as IpAddr, 'fd00::53' as IpAddr);

  it('learns a network-specific /96 and maps addresses under it to the IPv4 inside', () => {
    const n = new Nat64Prefixes();
    expect(learn(n, '2a00:1098:64::c000:aa')).toMatchObject({ prefix: '2a00:1098:64::/96', length: 96, answer: '2a00:1098:64::c000:aa', frame: 5, client: 'fd00::10', resolver: 'fd00::53' });
    expect(learn(n, '2a00:1098:64::c000:ab', 6)).toBeUndefined(); // the second well-known address: the same prefix
    expect(n.list.map((p) => p.prefix)).toEqual(['2a00:1098:64::/96']);
    expect(n.match('2a00:1098:64::5ff:ff9e' as IpAddr)).toMatchObject({ ipv4: '5.255.255.158', prefix: { prefix: '2a00:1098:64::/96' } });
    expect(n.match('2a00:1098:65::5ff:ff9e' as IpAddr)).toBeUndefined();
    expect(n.match('5.255.255.158' as IpAddr)).toBeUndefined();
  });

  it('a /64 prefix: the address skips the u octet', () => {
    const n = new Nat64Prefixes();
    expect(learn(n, '2001:db8:122:344:c0:0:aa00:0')).toMatchObject({ prefix: '2001:db8:122:344::/64' });
    expect(n.match('2001:db8:122:344:c0:2:2100:0' as IpAddr)?.ipv4).toBe('192.0.2.33');
  });

  it('the well-known prefix 64:ff9b::/96 is not learnt (the geo stage reads it by itself)', () => {
    const n = new Nat64Prefixes();
    expect(learn(n, '64:ff9b::192.0.0.170')).toBeUndefined();
    expect(n.list).toEqual([]);
  });

  it('keeps at most MAX_NAT64_PREFIXES, counting the rest', () => {
    const n = new Nat64Prefixes();
    for (let i = 0; i < MAX_NAT64_PREFIXES + 3; i++) learn(n, `2001:db8:${(i + 1).toString(16)}::c000:aa`);
    expect(n.list).toHaveLength(MAX_NAT64_PREFIXES);
    expect(n.dropped).toBe(3);
  });

  it('answers that are not discovery answers teach nothing', () => {
    const n = new Nat64Prefixes();
    for (const a of ['192.0.0.170', '2001:db8::1', 'not an address']) expect(learn(n, a)).toBeUndefined();
    expect(n.list).toEqual([]);
  });
});

describe('prefixes the user gives', () => {
  it.each([
    ['2001:DB8:64::/96', '2001:db8:64::/96', 96],
    ['2001:db8:122:344::/64', '2001:db8:122:344::/64', 64],
    ['2001:db8::/32', '2001:db8::/32', 32],
    ['64:ff9b:1:0:0:0::/48', '64:ff9b:1::/48', 48],
  ])('%s is %s', (text, prefix, length) => {
    expect(parseNat64Prefix(text)).toEqual({ prefix, length });
  });

  it.each(['2001:db8::', '2001:db8::/80', '2001:db8::/33', '2001:db8::1/96', '10.0.0.0/8', '2001:db8::/096x', 'x/96'])('%s is refused with the reason', (text) => {
    expect(parseNat64Prefix(text)).toEqual({ problem: expect.any(String) });
  });

  it('a declared prefix maps addresses like a learnt one, and is listed as the user\'s', () => {
    const n = new Nat64Prefixes();
    n.declare('2001:db8:64::/96');
    n.declare('2001:db8:64::/96');
    n.declare('64:ff9b::/96');
    expect(n.list).toEqual([{ prefix: '2001:db8:64::/96', length: 96, source: 'option' }]);
    expect(n.match('2001:db8:64::c000:221' as IpAddr)?.ipv4).toBe('192.0.2.33');
    expect(() => n.declare('2001:db8::/80')).toThrow(/RFC 6052/);
  });
});
