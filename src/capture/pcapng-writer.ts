/**
 * pcapng blocks for writing captures (draft-ietf-opsawg-pcapng §4): a Section Header Block, an
 * Interface Description Block per link type (nanosecond timestamps, if_tsresol = 9), and an
 * Enhanced Packet Block per frame. Little-endian, each block padded to 32 bits. Pure: bytes in,
 * bytes out; the caller writes them.
 * @module capture/pcapng-writer
 */

/** Block types (pcapng §4.1, §4.2, §4.3). */
const BT_SHB = 0x0a0d0d0a;
const BT_IDB = 0x00000001;
const BT_EPB = 0x00000006;
/** Byte-order magic (pcapng §4.1). */
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Option codes: if_tsresol (§4.2), opt_endofopt (§3.5). */
const OPT_IF_TSRESOL = 9;

const pad4 = (n: number): number => (n + 3) & ~3;

/** A Section Header Block, version 1.0, section length unknown (−1). */
export function pcapngSectionHeader(): Uint8Array {
  const b = new Uint8Array(28);
  const v = new DataView(b.buffer);
  v.setUint32(0, BT_SHB, true);
  v.setUint32(4, 28, true);
  v.setUint32(8, BYTE_ORDER_MAGIC, true);
  v.setUint16(12, 1, true);
  v.setUint16(14, 0, true);
  v.setBigInt64(16, -1n, true);
  v.setUint32(24, 28, true);
  return b;
}

/** An Interface Description Block for `linkType` with nanosecond timestamps (if_tsresol = 9). */
export function pcapngInterface(linkType: number, snapLength = 0): Uint8Array {
  const len = 20 + 8 + 4 + 4; // header, if_tsresol option (4 + 1 padded to 4), opt_endofopt, trailer
  const b = new Uint8Array(len);
  const v = new DataView(b.buffer);
  v.setUint32(0, BT_IDB, true);
  v.setUint32(4, len, true);
  v.setUint16(8, linkType, true);
  v.setUint32(12, snapLength, true);
  v.setUint16(16, OPT_IF_TSRESOL, true);
  v.setUint16(18, 1, true);
  b[20] = 9;
  // bytes 21..23 padding; 24..27 opt_endofopt (zeros)
  v.setUint32(len - 4, len, true);
  return b;
}

/** An Enhanced Packet Block on interface `interfaceId`, timestamp in ns. */
export function pcapngPacket(interfaceId: number, tsNs: bigint, data: Uint8Array, originalLength: number): Uint8Array {
  const len = 28 + pad4(data.length) + 4;
  const b = new Uint8Array(len);
  const v = new DataView(b.buffer);
  v.setUint32(0, BT_EPB, true);
  v.setUint32(4, len, true);
  v.setUint32(8, interfaceId, true);
  const ts = BigInt.asUintN(64, tsNs);
  v.setUint32(12, Number(ts >> 32n), true);
  v.setUint32(16, Number(ts & 0xffffffffn), true);
  v.setUint32(20, data.length, true);
  v.setUint32(24, originalLength, true);
  b.set(data, 28);
  v.setUint32(len - 4, len, true);
  return b;
}
