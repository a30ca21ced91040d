/**
 * IPv6 text to bytes, and NAT64 prefixes (RFC 6052 §2.2) as users write them: shared by the names
 * stage (which learns and applies prefixes) and the CLI (which checks `--nat64-prefix`).
 * @module core/nat64-prefix
 */
import { isIPv6 } from 'node:net';
import { formatIpv6 } from './ip.js';

/** IPv6 text → 16 bytes (`undefined` when not an IPv6 address; no zone ids). */
export function ipv6Bytes(text: string): Uint8Array | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined;
  let s = text;
  let tail: number[] = [];
  const dot = s.lastIndexOf('.');
  if (dot >= 0) {
    const colon = s.lastIndexOf(':');
    tail = s.slice(colon + 1).split('.').map(Number);
    s = `${s.slice(0, colon + 1)}0:0`;
  }
  const [head, rest] = s.includes('::') ? s.split('::') as [string, string] : [s, undefined];
  const hs = head === '' ? [] : head.split(':');
  const rs = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? hs : [...hs, ...Array<string>(8 - hs.length - rs.length).fill('0'), ...rs];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = Number.parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  if (tail.length === 4) out.set(tail, 12);
  return out;
}

/** RFC 6052 §2.2's prefix lengths, shortest first. */
export const NAT64_PREFIX_LENGTHS: readonly number[] = [32, 40, 48, 56, 64, 96];

/**
 * `text` as a NAT64 prefix (`2001:db8:64::/96`): an IPv6 address, a length RFC 6052 §2.2 allows,
 * no bits set after it. The canonical CIDR text, or why not.
 */
export function parseNat64Prefix(text: string): { readonly prefix: string; readonly length: number } | { readonly problem: string } {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? undefined : ipv6Bytes(text.slice(0, slash));
  const length = slash < 0 ? Number.NaN : Number(text.slice(slash + 1));
  if (addr === undefined || !/^\d+$/.test(text.slice(slash + 1)) || !NAT64_PREFIX_LENGTHS.includes(length)) {
    return { problem: `a NAT64 prefix is an IPv6 prefix of length ${NAT64_PREFIX_LENGTHS.join(', ')} (RFC 6052 §2.2), e.g. 2001:db8:64::/96` };
  }
  if (addr.subarray(length / 8).some((b) => b !== 0)) return { problem: `bits are set after the first ${length}` };
  return { prefix: `${formatIpv6(addr, 0)}/${length}`, length };
}
