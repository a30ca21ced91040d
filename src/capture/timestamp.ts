/**
 * pcapng timestamps: a 64-bit count of units of `if_tsresol` since `if_tsoffset` seconds past
 * the epoch (draft-ietf-opsawg-pcapng §4.2, options if_tsresol and if_tsoffset).
 * @module capture/timestamp
 */
import { tsParts } from '../core/index.js';

/** How to turn an interface's timestamp units into epoch ns: ns = units·mul / div + offsetNs. */
export interface TsScale {
  /** True for 10^-6 with no offset: the exact number fast path applies. */
  readonly micro: boolean;
  readonly mul: bigint;
  readonly div: bigint;
  readonly offsetNs: bigint;
  /** '1e-6', '1e-9', '2^-10', … */
  readonly label: string;
}

/** The default resolution when if_tsresol is absent: microseconds (§4.2). */
export const DEFAULT_TSRESOL = 6;

/**
 * Scale for an if_tsresol byte (MSB 0: 10^-n, MSB 1: 2^-n) and if_tsoffset seconds.
 * Division truncates, as Wireshark's does for non-decimal resolutions.
 */
export function tsScale(tsresol: number, offsetSeconds: bigint): TsScale {
  const n = tsresol & 0x7f;
  const offsetNs = offsetSeconds * 1_000_000_000n;
  if ((tsresol & 0x80) !== 0) {
    return { micro: false, mul: 1_000_000_000n, div: 1n << BigInt(n), offsetNs, label: `2^-${n}` };
  }
  const micro = n === 6 && offsetNs === 0n;
  if (n <= 9) return { micro, mul: 10n ** BigInt(9 - n), div: 1n, offsetNs, label: `1e-${n}` };
  return { micro, mul: 1n, div: 10n ** BigInt(n - 9), offsetNs, label: `1e-${n}` };
}

/** Largest high word for which high·2^32 + low stays below 2^53. */
const SAFE_HIGH = 0x1fffff;

/** Epoch ns of the timestamp (high, low) in units of `s`. Exact. */
export function scaleTs(s: TsScale, high: number, low: number): bigint {
  if (s.micro && high < SAFE_HIGH) return BigInt(high * 4294967296 + low) * 1000n;
  const units = (BigInt(high) << 32n) | BigInt(low);
  const ns = s.div === 1n ? units * s.mul : (units * s.mul) / s.div;
  return ns + s.offsetNs;
}

/** Where `scaleTsParts` writes (a reader's own scratch object: nothing allocated per record). */
export interface TsOut {
  sec: number;
  nsec: number;
  exact: bigint | null;
}

/**
 * The timestamp (high, low) in units of `s` as `Frame.tsSec`/`tsNsec`/`tsExact` parts, into
 * `out`. Exact; the common case (microseconds, no offset) uses numbers only.
 */
export function scaleTsParts(s: TsScale, high: number, low: number, out: TsOut): void {
  if (s.micro && high < SAFE_HIGH) {
    const units = high * 4294967296 + low;
    let sec = Math.floor(units / 1_000_000);
    let rest = units - sec * 1_000_000;
    if (rest < 0) {
      sec -= 1;
      rest += 1_000_000;
    }
    out.sec = sec;
    out.nsec = rest * 1000;
    out.exact = null;
    return;
  }
  const t = tsParts(scaleTs(s, high, low));
  out.sec = t.sec;
  out.nsec = t.nsec;
  out.exact = t.exact;
}
