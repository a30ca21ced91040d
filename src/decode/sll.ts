/**
 * Linux "cooked" captures: SLL (LINKTYPE_LINUX_SLL = 113) and SLL2 (LINKTYPE_LINUX_SLL2 = 276);
 * https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html and …_SLL2.html.
 * @module decode/sll
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { FAIL, PSEUDO_NETLINK, readMac48, runL2, type L2Header, type L2State } from './l2.js';

/** packet type 2, ARPHRD 2, address length 2, address 8, protocol 2. */
export const SLL_HEADER_LENGTH = 16;
/** protocol 2, reserved 2, ifindex 4, ARPHRD 2, packet type 1, address length 1, address 8. */
export const SLL2_HEADER_LENGTH = 20;
/** ARPHRD_NETLINK: the protocol field is a netlink family, not an EtherType. */
const ARPHRD_NETLINK = 824;
/**
 * The sender's MAC when the cooked header carries a 6-octet hardware address (Ethernet, 802.11,
 * and the all-zero placeholder of the loopback device, as tshark's sll.src.eth shows it), else -1.
 */
function senderMac(buf: Uint8Array, arphrd: number, halen: number, addrOff: number): number {
  return halen === 6 && arphrd !== ARPHRD_NETLINK ? readMac48(buf, addrOff) : -1;
}

function protocolOf(arphrd: number, protocol: number): number {
  return arphrd === ARPHRD_NETLINK ? PSEUDO_NETLINK : protocol;
}

/** Reads an SLL header. */
export function readSll(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < SLL_HEADER_LENGTH) {
    s.code = 'decoder.sll.trunc_hdr';
    return FAIL;
  }
  const arphrd = readU16BE(buf, off + 2);
  s.etherType = protocolOf(arphrd, readU16BE(buf, off + 14));
  // The address is the sender's for every packet type (incoming, outgoing, broadcast…).
  s.srcMac = senderMac(buf, arphrd, readU16BE(buf, off + 4), off + 6);
  return off + SLL_HEADER_LENGTH;
}

/** Reads an SLL2 header. */
export function readSll2(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < SLL2_HEADER_LENGTH) {
    s.code = 'decoder.sll2.trunc_hdr';
    return FAIL;
  }
  const arphrd = readU16BE(buf, off + 8);
  s.etherType = protocolOf(arphrd, readU16BE(buf, off));
  s.srcMac = senderMac(buf, arphrd, buf[off + 11]!, off + 12);
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
