/**
 * pcapng files built in memory (draft-ietf-opsawg-pcapng), one argument per field with
 * defaults. Each builder returns one block; `concat` joins them into a file.
 * @module tests/builders/pcapng
 */

/** Writer for one byte order. */
class Out {
  readonly parts: Buffer[] = [];
  constructor(readonly le: boolean) {}
  u8(v: number): this {
    this.parts.push(Buffer.from([v & 0xff]));
    return this;
  }
  u16(v: number): this {
    const b = Buffer.alloc(2);
    if (this.le) b.writeUInt16LE(v & 0xffff);
    else b.writeUInt16BE(v & 0xffff);
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const b = Buffer.alloc(4);
    if (this.le) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    this.parts.push(b);
    return this;
  }
  u64(v: bigint): this {
    const b = Buffer.alloc(8);
    if (this.le) b.writeBigUInt64LE(BigInt.asUintN(64, v));
    else b.writeBigUInt64BE(BigInt.asUintN(64, v));
    this.parts.push(b);
    return this;
  }
  bytes(v: Uint8Array, pad = true): this {
    this.parts.push(Buffer.from(v));
    const p = (4 - (v.length % 4)) % 4;
    if (pad && p > 0) this.parts.push(Buffer.alloc(p));
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** One option (§3.5): code, value (padded). */
export interface OptionSpec {
  readonly code: number;
  readonly value: Uint8Array;
}

/** Options list with opt_endofopt; empty list → no bytes. */
export function options(opts: readonly OptionSpec[], le = true): Buffer {
  if (opts.length === 0) return Buffer.alloc(0);
  const o = new Out(le);
  for (const op of opts) o.u16(op.code).u16(op.value.length).bytes(op.value);
  return o.u16(0).u16(0).done();
}

/** A u64 option value in the given byte order. */
export function u64Value(v: bigint, le = true): Uint8Array {
  return new Out(le).u64(v).done();
}

/** Any block: type, body (already padded), with total length written twice (overridable). */
export function block(p: { type: number; body: Uint8Array; le?: boolean; totalLength?: number; trailerLength?: number }): Buffer {
  const le = p.le ?? true;
  const total = 12 + p.body.length;
  return new Out(le).u32(p.type).u32(p.totalLength ?? total).bytes(p.body, false).u32(p.trailerLength ?? p.totalLength ?? total).done();
}

/** Section Header Block (§4.1). */
export function shb(p: { le?: boolean; major?: number; minor?: number; sectionLength?: bigint; options?: readonly OptionSpec[] } = {}): Buffer {
  const le = p.le ?? true;
  const body = new Out(le).u32(0x1a2b3c4d).u16(p.major ?? 1).u16(p.minor ?? 0).u64(p.sectionLength ?? -1n).bytes(options(p.options ?? [], le)).done();
  return block({ type: 0x0a0d0d0a, body, le });
}

/** Interface Description Block (§4.2); tsresol/tsoffset become if_tsresol (9) / if_tsoffset (14). */
export function idb(p: { le?: boolean; linkType?: number; snapLength?: number; tsresol?: number; tsoffset?: bigint; name?: string; options?: readonly OptionSpec[] } = {}): Buffer {
  const le = p.le ?? true;
  const opts: OptionSpec[] = [...(p.options ?? [])];
  if (p.name !== undefined) opts.push({ code: 2, value: Buffer.from(p.name) });
  if (p.tsresol !== undefined) opts.push({ code: 9, value: Uint8Array.of(p.tsresol) });
  if (p.tsoffset !== undefined) opts.push({ code: 14, value: u64Value(p.tsoffset, le) });
  const body = new Out(le).u16(p.linkType ?? 1).u16(0).u32(p.snapLength ?? 0).bytes(options(opts, le)).done();
  return block({ type: 1, body, le });
}

/** Enhanced Packet Block (§4.3); `ts` is in the interface's units. */
export function epb(p: { le?: boolean; interfaceId?: number; ts?: bigint; data?: Uint8Array; capLen?: number; origLen?: number; options?: readonly OptionSpec[] } = {}): Buffer {
  const le = p.le ?? true;
  const data = p.data ?? new Uint8Array(60).fill(0xbb);
  const ts = p.ts ?? 1_700_000_000_000_000n;
  const body = new Out(le)
    .u32(p.interfaceId ?? 0)
    .u32(Number(ts >> 32n))
    .u32(Number(ts & 0xffffffffn))
    .u32(p.capLen ?? data.length)
    .u32(p.origLen ?? data.length)
    .bytes(data)
    .bytes(options(p.options ?? [], le))
    .done();
  return block({ type: 6, body, le });
}

/** Obsolete Packet Block (Appendix A): 16-bit interface id and drops count. */
export function pb(p: { le?: boolean; interfaceId?: number; drops?: number; ts?: bigint; data?: Uint8Array; origLen?: number } = {}): Buffer {
  const le = p.le ?? true;
  const data = p.data ?? new Uint8Array(60).fill(0xcc);
  const ts = p.ts ?? 1_700_000_000_000_000n;
  const body = new Out(le)
    .u16(p.interfaceId ?? 0)
    .u16(p.drops ?? 0)
    .u32(Number(ts >> 32n))
    .u32(Number(ts & 0xffffffffn))
    .u32(data.length)
    .u32(p.origLen ?? data.length)
    .bytes(data)
    .done();
  return block({ type: 2, body, le });
}

/** Simple Packet Block (§4.4). */
export function spb(p: { le?: boolean; data?: Uint8Array; origLen?: number } = {}): Buffer {
  const le = p.le ?? true;
  const data = p.data ?? new Uint8Array(60).fill(0xdd);
  return block({ type: 3, body: new Out(le).u32(p.origLen ?? data.length).bytes(data).done(), le });
}

/** Interface Statistics Block (§4.6) with the u64 counters given. */
export function isb(p: { le?: boolean; interfaceId?: number; ts?: bigint; ifRecv?: bigint; ifDrop?: bigint; filterAccept?: bigint; osDrop?: bigint; usrDeliv?: bigint } = {}): Buffer {
  const le = p.le ?? true;
  const ts = p.ts ?? 0n;
  const opts: OptionSpec[] = [];
  const add = (code: number, v: bigint | undefined): void => {
    if (v !== undefined) opts.push({ code, value: u64Value(v, le) });
  };
  add(4, p.ifRecv);
  add(5, p.ifDrop);
  add(6, p.filterAccept);
  add(7, p.osDrop);
  add(8, p.usrDeliv);
  const body = new Out(le).u32(p.interfaceId ?? 0).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn)).bytes(options(opts, le)).done();
  return block({ type: 5, body, le });
}

/** Name Resolution Block (§4.5): records of an IPv4 (4 bytes) or IPv6 (16 bytes) address and names. */
export function nrb(p: { le?: boolean; records?: readonly { addr: Uint8Array; names: readonly string[] }[] } = {}): Buffer {
  const le = p.le ?? true;
  const o = new Out(le);
  for (const r of p.records ?? [{ addr: Uint8Array.of(192, 0, 2, 1), names: ['example.com'] }]) {
    const value = Buffer.concat([Buffer.from(r.addr), ...r.names.map((n) => Buffer.from(n + '\0'))]);
    o.u16(r.addr.length === 4 ? 1 : 2).u16(value.length).bytes(value);
  }
  o.u16(0).u16(0);
  return block({ type: 4, body: o.done(), le });
}

/** Custom block (§4.7): type 0x00000BAD (copyable) or 0x40000BAD, PEN, payload. */
export function customBlock(p: { le?: boolean; type?: number; pen?: number; payload?: Uint8Array } = {}): Buffer {
  const le = p.le ?? true;
  return block({ type: p.type ?? 0x00000bad, body: new Out(le).u32(p.pen ?? 32473).bytes(p.payload ?? Buffer.from('custom')).done(), le });
}

/** Join blocks into a file. */
export function concat(...parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length)));
}
