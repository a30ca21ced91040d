/**
 * Values a MaxMind DB data section can hold (MaxMind DB spec v2.0, "Output Data Section").
 * Plain JS values map to a default type; `MmdbScalar` forces a specific numeric type.
 * @module geo/mmdb-value
 */

/** Numeric MMDB types that plain JS numbers cannot choose on their own. */
export type MmdbNumericType = 'uint16' | 'uint32' | 'int32' | 'uint64' | 'uint128' | 'double' | 'float';

/** A number with an explicit MMDB type, e.g. `new MmdbScalar('uint16', 7)`. */
export class MmdbScalar {
  constructor(
    readonly type: MmdbNumericType,
    readonly value: number | bigint,
  ) {}
}

/**
 * A value to write. Defaults: string → utf8_string; boolean → boolean; integer number in
 * [0, 2^32) → uint32, negative int32-range integer → int32, any other number → double;
 * bigint < 2^64 → uint64, else uint128; Uint8Array → bytes; array → array; object → map
 * (keys written sorted, so key order never changes the bytes).
 */
export type MmdbValue =
  | string
  | number
  | boolean
  | bigint
  | Uint8Array
  | MmdbScalar
  | readonly MmdbValue[]
  | { readonly [key: string]: MmdbValue };

/** Shorthands for typed scalars. */
export const mmdb = {
  uint16: (n: number): MmdbScalar => new MmdbScalar('uint16', n),
  uint32: (n: number): MmdbScalar => new MmdbScalar('uint32', n),
  int32: (n: number): MmdbScalar => new MmdbScalar('int32', n),
  uint64: (n: bigint | number): MmdbScalar => new MmdbScalar('uint64', BigInt(n)),
  uint128: (n: bigint | number): MmdbScalar => new MmdbScalar('uint128', BigInt(n)),
  double: (n: number): MmdbScalar => new MmdbScalar('double', n),
  float: (n: number): MmdbScalar => new MmdbScalar('float', n),
} as const;

/**
 * A canonical text key of a value: equal keys ⇔ equal encodings. Used to share identical records
 * and sub-values through pointers.
 */
export function valueKey(v: MmdbValue): string {
  switch (typeof v) {
    case 'string':
      return 's' + JSON.stringify(v);
    case 'boolean':
      return v ? 'T' : 'F';
    case 'bigint':
      return 'B' + v.toString();
    case 'number':
      return 'n' + (Object.is(v, -0) ? '-0' : String(v));
    default:
      break;
  }
  if (v instanceof MmdbScalar) return `${v.type}:${String(v.value)}`;
  if (v instanceof Uint8Array) return 'x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  if (Array.isArray(v)) return '[' + (v as readonly MmdbValue[]).map(valueKey).join(',') + ']';
  const o = v as { readonly [key: string]: MmdbValue };
  return '{' + sortedKeys(o).map((k) => JSON.stringify(k) + ':' + valueKey(o[k]!)).join(',') + '}';
}

/** Map keys in code-unit order (deterministic regardless of insertion order). */
export function sortedKeys(o: object): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
