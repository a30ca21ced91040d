import { describe, expect, it } from 'vitest';
import { formatNetwork, ipv4RangeToCidrs, ipv6RangeToCidrs } from '../../src/geo/index.js';

const show = (nets: ReturnType<typeof ipv4RangeToCidrs>): string[] => nets.map((n) => formatNetwork(n, n.prefix));
const v4 = (s: string): number => s.split('.').reduce((a, p) => a * 256 + Number(p), 0);

describe('range → CIDR', () => {
  it.each([
    { from: '192.0.2.0', to: '192.0.2.255', expected: ['192.0.2.0/24'] },
    { from: '192.0.2.1', to: '192.0.2.6', expected: ['192.0.2.1/32', '192.0.2.2/31', '192.0.2.4/31', '192.0.2.6/32'] },
    { from: '0.0.0.0', to: '255.255.255.255', expected: ['0.0.0.0/0'] },
    { from: '255.255.255.255', to: '255.255.255.255', expected: ['255.255.255.255/32'] },
    { from: '128.0.0.0', to: '255.255.255.254', expected: ['128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/4', '240.0.0.0/5', '248.0.0.0/6', '252.0.0.0/7', '254.0.0.0/8', '255.0.0.0/9', '255.128.0.0/10', '255.192.0.0/11', '255.224.0.0/12', '255.240.0.0/13', '255.248.0.0/14', '255.252.0.0/15', '255.254.0.0/16', '255.255.0.0/17', '255.255.128.0/18', '255.255.192.0/19', '255.255.224.0/20', '255.255.240.0/21', '255.255.248.0/22', '255.255.252.0/23', '255.255.254.0/24', '255.255.255.0/25', '255.255.255.128/26', '255.255.255.192/27', '255.255.255.224/28', '255.255.255.240/29', '255.255.255.248/30', '255.255.255.252/31', '255.255.255.254/32'] },
  ])('IPv4 $from – $to', ({ from, to, expected }) => {
    expect(show(ipv4RangeToCidrs(v4(from), v4(to)))).toEqual(expected);
  });

  it.each([
    { from: 0x20010db8n << 96n, to: ((0x20010db8n + 1n) << 96n) - 1n, expected: ['2001:db8::/32'] },
    { from: 0n, to: (1n << 128n) - 1n, expected: ['::/0'] },
    { from: 1n, to: 3n, expected: ['::1/128', '::2/127'] },
    { from: (1n << 128n) - 1n, to: (1n << 128n) - 1n, expected: ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'] },
  ])('IPv6 $from – $to', ({ from, to, expected }) => {
    expect(show(ipv6RangeToCidrs(from, to))).toEqual(expected);
  });

  it('IPv4 and IPv6 splits agree on 2,000 random ranges and cover them exactly', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const a = Math.floor(rnd() * 2 ** 32);
      const b = Math.min(2 ** 32 - 1, a + Math.floor(rnd() * 2 ** (1 + Math.floor(rnd() * 24))));
      const n4 = ipv4RangeToCidrs(a, b);
      const n6 = ipv6RangeToCidrs(BigInt(a), BigInt(b));
      expect(n6.map((n) => n.prefix - 96)).toEqual(n4.map((n) => n.prefix));
      const covered = n4.reduce((s, n) => s + 2 ** (32 - n.prefix), 0);
      expect(covered).toBe(b - a + 1);
    }
  });
});
