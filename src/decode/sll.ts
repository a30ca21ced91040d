/**
 * Linux "cooked" captures: SLL (LINKTYPE_LINUX_SLL = 113) and SLL2 (LINKTYPE_LINUX_SLL2 = 276);
 * https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html and …_SLL2.html.
 * @module decode/sll
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { FAIL, PSEUDO_NETLINK, runL2, type L2Header, type L2State } from './l2.js';

/** packet type 2, ARPHRD 2, address length 2, address 8, protocol 2. */
export const SLL_HEADER_LENGTH = 16;
/** protocol 2, reserved 2, ifindex 4, ARPHRD 2, packet type 1, address length 1, address 8. */
export const SLL2_HEADER_LENGTH = 20;
/** ARPHRD_NETLINK: the protocol field is a netlink family, not an EtherType. */
const ARPHRD_NETLINK = 824;

function protocolOf(arphrd: number, protocol: number): number {
  return arphrd === ARPHRD_NETLINK ? PSEUDO_NETLINK : protocol;
}

/** Reads an SLL header. */
export function readSll(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < SLL_HEADER_LENGTH) {
    s.code = 'decoder.sll.trunc_hdr';
    return FAIL;
  }
  s.etherType = protocolOf(readU16BE(buf, off + 2), readU16BE(buf, off + 14));
  return off + SLL_HEADER_LENGTH;
}

/** Reads an SLL2 header. */
export function readSll2(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < SLL2_HEADER_LENGTH) {
    s.code = 'decoder.sll2.trunc_hdr';
    return FAIL;
  }
  s.etherType = protocolOf(readU16BE(buf, off + 8), readU16BE(buf, off));
  return off + SLL2_HEADER_LENGTH;
}

/** Decodes an SLL header at `off`. */
export function decodeSll(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readSll, buf, off, end);
}

/** Decodes an SLL2 header at `off`. */
export function decodeSll2(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readSll2, buf, off, end);
}
