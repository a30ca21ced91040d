/**
 * The Packet a PacketDecoder hands out: one mutable object per decoder, refilled for every frame
 * (BORROWED until the next `decode()`), so the hot path allocates no packet, no address text and
 * no payload view. Address text and the payload view are made on first access only; the flow
 * table keys packets on `addrBytes` and formats addresses once per new flow.
 * @module decode/packet
 */
import { formatIpv4, formatIpv6, tsOfParts, type IpAddr } from '../core/index.js';
import type { Packet, TransportHeader, TunnelLayer } from './types.js';

const NONE: readonly never[] = Object.freeze([]);
const NO_BYTES = new Uint8Array(0);

/** The reused packet of one PacketDecoder. */
export class DecodedPacket implements Packet {
  frame = 0;
  tsSec = 0;
  tsNsec = 0;
  tsExact: bigint | null = null;
  vlan: readonly number[] = NONE;
  srcMac = -1;
  outerSrcMac = -1;
  tunnels: readonly TunnelLayer[] = NONE;
  ipVersion: 4 | 6 = 4;
  ipProto = 0;
  ipLength = 0;
  fragmentFrames: readonly number[] = NONE;
  transport: TransportHeader | null = null;
  payloadLength = 0;
  /** BORROWED: the frame or the reassembled datagram. */
  addrBytes: Uint8Array = NO_BYTES;
  srcOff = 0;
  dstOff = 0;
  /** BORROWED: the buffer the payload lies in, and where in it. */
  #buf: Uint8Array = NO_BYTES;
  #payloadOff = 0;
  #payloadEnd = 0;
  #src: IpAddr | null = null;
  #dst: IpAddr | null = null;
  #payload: Uint8Array | null = null;
  #ns: bigint | null = null;

  /** The timestamp, as parts (see Frame.tsSec). */
  setTime(sec: number, nsec: number, exact: bigint | null): void {
    this.tsSec = sec;
    this.tsNsec = nsec;
    this.tsExact = exact;
    this.#ns = null;
  }

  /** Exact epoch ns, made on first access (the per-packet path reads the parts). */
  declare readonly tsNs: bigint;

  constructor() {
    // An own enumerable accessor: `{ ...packet }` copies the value, as it would a plain field.
    Object.defineProperty(this, 'tsNs', { enumerable: true, get: () => (this.#ns ??= tsOfParts(this.tsSec, this.tsNsec, this.tsExact)) });
  }

  /** Points the lazily computed fields at the new datagram in `buf`. */
  reset(buf: Uint8Array, srcOff: number, dstOff: number, payloadOff: number, payloadEnd: number): void {
    this.addrBytes = buf;
    this.srcOff = srcOff;
    this.dstOff = dstOff;
    this.#buf = buf;
    this.#payloadOff = payloadOff;
    this.#payloadEnd = payloadEnd;
    this.#src = null;
    this.#dst = null;
    this.#payload = null;
  }

  get src(): IpAddr {
    return (this.#src ??= this.ipVersion === 4 ? formatIpv4(this.addrBytes, this.srcOff) : formatIpv6(this.addrBytes, this.srcOff));
  }

  get dst(): IpAddr {
    return (this.#dst ??= this.ipVersion === 4 ? formatIpv4(this.addrBytes, this.dstOff) : formatIpv6(this.addrBytes, this.dstOff));
  }

  /** BORROWED view of the L4 payload (empty when the headers claim more than was captured). */
  get payload(): Uint8Array {
    return (this.#payload ??= this.#buf.subarray(this.#payloadOff, this.#payloadEnd));
  }
}

/**
 * A plain-data copy of `p` that outlives the next `decode()`: address text formatted, payload and
 * address bytes copied, the transport header and lists copied (a named copy point, STYLE rule 4).
 */
export function copyPacket(p: Packet): Packet {
  const width = p.ipVersion === 4 ? 4 : 16;
  const addrBytes = new Uint8Array(2 * width);
  addrBytes.set(p.addrBytes.subarray(p.srcOff, p.srcOff + width), 0);
  addrBytes.set(p.addrBytes.subarray(p.dstOff, p.dstOff + width), width);
  return {
    frame: p.frame,
    tsNs: p.tsNs,
    tsSec: p.tsSec,
    tsNsec: p.tsNsec,
    tsExact: p.tsExact,
    vlan: [...p.vlan],
    srcMac: p.srcMac,
    outerSrcMac: p.outerSrcMac,
    tunnels: p.tunnels.map((t) => ({ ...t })),
    ipVersion: p.ipVersion,
    src: p.src,
    dst: p.dst,
    addrBytes,
    srcOff: 0,
    dstOff: width,
    ipProto: p.ipProto,
    ipLength: p.ipLength,
    fragmentFrames: [...p.fragmentFrames],
    transport: p.transport === null ? null : { ...p.transport },
    payload: p.payload.slice(),
    payloadLength: p.payloadLength,
  };
}
