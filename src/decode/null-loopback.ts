/**
 * BSD loopback encapsulation: a 4-byte address family, host byte order for LINKTYPE_NULL (0) and
 * network byte order for LINKTYPE_LOOP (108); https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html.
 * Either order is accepted for both, since captures move between machines.
 * @module decode/null-loopback
 */
import { readU32BE, readU32LE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, FAIL, runL2, type L2Header, type L2State } from './l2.js';

/** The address-family word. */
export const NULL_HEADER_LENGTH = 4;
/** AF_INET everywhere. */
const AF_INET = 2;
/** AF_INET6: Windows 23, NetBSD/OpenBSD/BSD/OS 24, FreeBSD/DragonFly 28, Darwin 30. */
const AF_INET6_VALUES: ReadonlySet<number> = new Set([23, 24, 28, 30]);

/** Reads the address family word. */
export function readNull(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < NULL_HEADER_LENGTH) {
    s.code = 'decoder.null.trunc_hdr';
    return FAIL;
  }
  const le = readU32LE(buf, off);
  const af = (le & 0xffff0000) === 0 ? le : readU32BE(buf, off);
  if (af === AF_INET) s.etherType = ETHERTYPE_IPV4;
  else if (AF_INET6_VALUES.has(af)) s.etherType = ETHERTYPE_IPV6;
  else {
    s.code = 'decoder.null.unknown_family';
    return FAIL;
  }
  return off + NULL_HEADER_LENGTH;
}

/** Decodes a null/loopback header at `off`. */
export function decodeNull(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readNull, buf, off, end);
}
