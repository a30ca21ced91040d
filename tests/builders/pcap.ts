/**
 * Classic pcap files built in memory (draft-ietf-opsawg-pcap), one argument per field with
 * defaults, for any test in the project.
 * @module tests/builders/pcap
 */

/** File header fields (§4). */
export interface PcapHeaderSpec {
  readonly littleEndian?: boolean; // default true
  readonly nanoseconds?: boolean; // default false (magic a1b2c3d4; true: a1b23c4d)
  readonly versionMajor?: number; // 2
  readonly versionMinor?: number; // 4
  readonly thisZone?: number; // 0
  readonly sigFigs?: number; // 0
  readonly snapLength?: number; // 0x00040000 (262144)
  readonly linkType?: number; // 1 = LINKTYPE_ETHERNET
}

/** One record (§5). `inclLen`/`origLen` default to the data length. */
export interface PcapRecordSpec {
  readonly tsSec?: number; // 0x65000000 (2023-09-12)
  readonly tsFrac?: number; // µs or ns, per the file header; default 0
  readonly data?: Uint8Array; // default 60 bytes 0xaa
  readonly inclLen?: number;
  readonly origLen?: number;
}

/** The 24-byte file header. */
export function pcapHeader(h: PcapHeaderSpec = {}): Uint8Array {
  const b = Buffer.alloc(24);
  const le = h.littleEndian ?? true;
  const w32 = (v: number, o: number): number => (le ? b.writeUInt32LE(v >>> 0, o) : b.writeUInt32BE(v >>> 0, o));
  const w16 = (v: number, o: number): number => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  w32(h.nanoseconds === true ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(h.versionMajor ?? 2, 4);
  w16(h.versionMinor ?? 4, 6);
  w32(h.thisZone ?? 0, 8);
  w32(h.sigFigs ?? 0, 12);
  w32(h.snapLength ?? 0x40000, 16);
  w32(h.linkType ?? 1, 20);
  return b;
}

/** Default packet bytes: 60 × 0xaa. */
export const DEFAULT_PACKET = new Uint8Array(60).fill(0xaa);

/** One record: 16-byte header plus data. */
export function pcapRecord(r: PcapRecordSpec = {}, littleEndian = true): Uint8Array {
  const data = r.data ?? DEFAULT_PACKET;
  const b = Buffer.alloc(16 + data.length);
  const w32 = (v: number, o: number): number => (littleEndian ? b.writeUInt32LE(v >>> 0, o) : b.writeUInt32BE(v >>> 0, o));
  w32(r.tsSec ?? 0x65000000, 0);
  w32(r.tsFrac ?? 0, 4);
  w32(r.inclLen ?? data.length, 8);
  w32(r.origLen ?? data.length, 12);
  b.set(data, 16);
  return b;
}

/** A whole pcap file: header then records, all in the header's byte order. */
export function pcap(h: PcapHeaderSpec = {}, records: readonly PcapRecordSpec[] = [{}]): Uint8Array {
  const le = h.littleEndian ?? true;
  return Buffer.concat([pcapHeader(h), ...records.map((r) => pcapRecord(r, le))]);
}
