/**
 * MMDB data section encoder (MaxMind DB spec v2.0, "Output Data Section"): control byte with
 * type in the top 3 bits and size in the low 5; extended types (≥ 8) carry `type − 7` in the next
 * byte; sizes 29/30/31 add 1/2/3 bytes. Identical strings, maps, arrays and big values are written
 * once and referred to by pointers (type 1), as MaxMind's own writers do.
 * @module geo/mmdb-data
 */
import { ByteSink } from './byte-sink.js';
import { MmdbScalar, sortedKeys, valueKey, type MmdbValue } from './mmdb-value.js';

/** Spec type numbers. */
const T_POINTER = 1;
const T_UTF8 = 2;
const T_DOUBLE = 3;
const T_BYTES = 4;
const T_UINT16 = 5;
const T_UINT32 = 6;
const T_MAP = 7;
const T_INT32 = 8;
const T_UINT64 = 9;
const T_UINT128 = 10;
const T_ARRAY = 11;
const T_BOOLEAN = 14;
const T_FLOAT = 15;

/** Pointer ranges (spec "Pointer - 1"): 11-bit, 19-bit + 2048, 27-bit + 526336, 32-bit. */
const PTR_BASE_1 = 2048;
const PTR_BASE_2 = 526_336;
const PTR_BASE_3 = 134_744_064;

const textEncoder = new TextEncoder();

interface Written {
  readonly offset: number;
  readonly length: number;
}

/** Encodes values into one data section, sharing identical values by pointer. */
export class DataSectionEncoder {
  readonly #out = new ByteSink(1 << 16);
  readonly #seen = new Map<string, Written>();
  readonly #usePointers: boolean;

  /** `usePointers: false` writes every value in full (the metadata section must not point). */
  constructor(usePointers = true) {
    this.#usePointers = usePointers;
  }

  get length(): number {
    return this.#out.length;
  }

  /** Offset of `record` in the section; identical records share one offset. */
  addRecord(record: MmdbValue): number {
    const key = this.#usePointers ? valueKey(record) : undefined;
    const hit = key === undefined ? undefined : this.#seen.get(key);
    if (hit !== undefined) return hit.offset;
    const offset = this.#out.length;
    this.#encodeFresh(record);
    if (key !== undefined) this.#seen.set(key, { offset, length: this.#out.length - offset });
    return offset;
  }

  /** The encoded section (a copy). */
  toBuffer(): Buffer {
    return this.#out.toBuffer();
  }

  #encode(v: MmdbValue): void {
    const shareable = this.#usePointers && isShareable(v);
    if (!shareable) return this.#encodeFresh(v);
    const key = valueKey(v);
    const hit = this.#seen.get(key);
    if (hit !== undefined && pointerLength(hit.offset) < hit.length) return this.#pointer(hit.offset);
    const offset = this.#out.length;
    this.#encodeFresh(v);
    if (hit === undefined) this.#seen.set(key, { offset, length: this.#out.length - offset });
  }

  #encodeFresh(v: MmdbValue): void {
    if (typeof v === 'string') return this.#string(v);
    if (typeof v === 'boolean') return this.#ctrl(T_BOOLEAN, v ? 1 : 0);
    if (typeof v === 'bigint') return this.#bigUint(v < 2n ** 64n ? T_UINT64 : T_UINT128, v);
    if (typeof v === 'number') return this.#number(v);
    if (v instanceof MmdbScalar) return this.#scalar(v);
    if (v instanceof Uint8Array) {
      this.#ctrl(T_BYTES, v.length);
      return this.#out.bytes(v);
    }
    if (Array.isArray(v)) {
      const arr = v as readonly MmdbValue[];
      this.#ctrl(T_ARRAY, arr.length);
      for (const item of arr) this.#encode(item);
      return;
    }
    const o = v as { readonly [key: string]: MmdbValue };
    const keys = sortedKeys(o);
    this.#ctrl(T_MAP, keys.length);
    for (const k of keys) {
      this.#encode(k);
      this.#encode(o[k]!);
    }
  }

  #number(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n < 2 ** 32) return this.#uint(T_UINT32, n);
    if (Number.isInteger(n) && n < 0 && n >= -(2 ** 31)) return this.#int32(n);
    return this.#double(n);
  }

  #scalar(s: MmdbScalar): void {
    const n = Number(s.value);
    switch (s.type) {
      case 'uint16':
        return this.#uint(T_UINT16, checkUint(n, 16));
      case 'uint32':
        return this.#uint(T_UINT32, checkUint(n, 32));
      case 'int32':
        return this.#int32(n);
      case 'uint64':
      case 'uint128': {
        const big = BigInt(s.value);
        const bits = s.type === 'uint64' ? 64n : 128n;
        if (big < 0n || big >= 2n ** bits) throw new RangeError(`${s.type} out of range: ${big}`);
        return this.#bigUint(s.type === 'uint64' ? T_UINT64 : T_UINT128, big);
      }
      case 'double':
        return this.#double(n);
      case 'float': {
        this.#ctrl(T_FLOAT, 4);
        const b = Buffer.alloc(4);
        b.writeFloatBE(n, 0);
        return this.#out.bytes(b);
      }
      default: {
        const never: never = s.type;
        throw new RangeError(`unknown MMDB type ${String(never)}`);
      }
    }
  }

  #string(s: string): void {
    const b = textEncoder.encode(s);
    this.#ctrl(T_UTF8, b.length);
    this.#out.bytes(b);
  }

  /** Unsigned integers are minimal-length big-endian (zero has size 0). */
  #uint(type: number, n: number): void {
    let len = 0;
    while (len < 4 && n >= 2 ** (8 * len)) len++;
    this.#ctrl(type, len);
    this.#out.uintBE(n, len);
  }

  /** int32 is always written with size 4: readers treat shorter payloads as unsigned. */
  #int32(n: number): void {
    if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new RangeError(`int32 out of range: ${n}`);
    this.#ctrl(T_INT32, 4);
    this.#out.uintBE(n >>> 0, 4);
  }

  #bigUint(type: number, v: bigint): void {
    const bytes: number[] = [];
    for (let x = v; x > 0n; x >>= 8n) bytes.unshift(Number(x & 0xffn));
    this.#ctrl(type, bytes.length);
    this.#out.bytes(Uint8Array.from(bytes));
  }

  #double(n: number): void {
    this.#ctrl(T_DOUBLE, 8);
    const b = Buffer.alloc(8);
    b.writeDoubleBE(n, 0);
    this.#out.bytes(b);
  }

  #pointer(p: number): void {
    if (p < PTR_BASE_1) {
      this.#out.u8((T_POINTER << 5) | (p >> 8));
      this.#out.u8(p & 0xff);
    } else if (p < PTR_BASE_2) {
      const q = p - PTR_BASE_1;
      this.#out.u8((T_POINTER << 5) | (1 << 3) | (q >> 16));
      this.#out.uintBE(q & 0xffff, 2);
    } else if (p < PTR_BASE_3) {
      const q = p - PTR_BASE_2;
      this.#out.u8((T_POINTER << 5) | (2 << 3) | Math.floor(q / 2 ** 24));
      this.#out.uintBE(q % 2 ** 24, 3);
    } else {
      this.#out.u8((T_POINTER << 5) | (3 << 3));
      this.#out.uintBE(p, 4);
    }
  }

  /** Control byte(s): type, extended type byte, then size extension bytes. */
  #ctrl(type: number, size: number): void {
    const hi = type <= 7 ? type << 5 : 0;
    if (size < 29) this.#out.u8(hi | size);
    else if (size < 285) this.#out.u8(hi | 29);
    else if (size < 65_821) this.#out.u8(hi | 30);
    else if (size < 65_821 + 2 ** 24) this.#out.u8(hi | 31);
    else throw new RangeError(`MMDB value too large: ${size}`);
    if (type > 7) this.#out.u8(type - 7);
    if (size >= 65_821) this.#out.uintBE(size - 65_821, 3);
    else if (size >= 285) this.#out.uintBE(size - 285, 2);
    else if (size >= 29) this.#out.u8(size - 29);
  }
}

function isShareable(v: MmdbValue): boolean {
  return typeof v === 'string' || typeof v === 'bigint' || typeof v === 'object';
}

function pointerLength(p: number): number {
  return p < PTR_BASE_1 ? 2 : p < PTR_BASE_2 ? 3 : p < PTR_BASE_3 ? 4 : 5;
}

function checkUint(n: number, bits: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** bits) throw new RangeError(`uint${bits} out of range: ${n}`);
  return n;
}
