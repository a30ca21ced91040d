/**
 * CIDR overrides: the user's own knowledge of where some networks are ("this /24 is our own lab
 * in GB") or who runs them, applied on top of the databases with a note in the evidence. The file
 * format is documented in geodata/README.md; `geodata/jurisdictions/overrides.example.json` uses
 * documentation ranges only. No override is active unless the user supplies a file.
 * @module geo/overrides
 */
import IPCIDR from 'ip-cidr';
import { GeoOverridesError } from './errors.js';
import { formatNetwork, isMappedIpv4, maskBytes, parseCidr, parseIp, type IpBytes, type IpNetwork } from './ip-bytes.js';

/** Value of the file's `format` member. */
export const OVERRIDES_FORMAT = 'egress-verify-geo-overrides/1';
/** Entries accepted in one file (STYLE rule 8: bounded by construction). */
export const MAX_OVERRIDES = 100_000;
const MAX_TEXT = 500;

/** An override as it appears in the evidence (snake_case: it goes into the report as is). */
export interface GeoOverride {
  /** Canonical network text (lower case, compressed). */
  readonly cidr: string;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country?: string;
  readonly asn?: number;
  readonly as_org?: string;
  readonly note: string;
  /** The file it came from, as named by the caller of `parseOverrides`. */
  readonly source: string;
}

/** The consensus of an address an override applies to; the databases' own is kept beside it. */
export interface GeoOverrideConsensus {
  readonly status: 'override';
  /** Absent when the override names only the operator: the location is then `database_consensus`. */
  readonly country?: string;
  readonly cidr: string;
  readonly note: string;
  readonly source: string;
}

/** A matched override: its evidence, its consensus, and its prefix length. */
export interface OverrideMatch {
  readonly override: GeoOverride;
  readonly consensus: GeoOverrideConsensus;
  readonly prefix: number;
}

interface Compiled extends OverrideMatch {
  readonly net: IpNetwork;
  readonly index: number;
}

/** A validated set of overrides; `match` finds the most specific one containing an address. */
export class GeoOverrides {
  readonly #byKey = new Map<number | string, Compiled>();
  readonly #prefixes: { 4: number[]; 6: number[] } = { 4: [], 6: [] };
  readonly #entries: GeoOverride[] = [];

  /** Use `parseOverrides`/`mergeOverrides`; entries must have distinct networks. */
  private constructor(list: readonly Compiled[]) {
    for (const c of list) {
      this.#byKey.set(networkKey(c.net.bytes, c.net.prefix), c);
      const ps = this.#prefixes[c.net.version];
      if (!ps.includes(c.net.prefix)) ps.push(c.net.prefix);
      this.#entries.push(c.override);
    }
    this.#prefixes[4].sort((a, b) => b - a);
    this.#prefixes[6].sort((a, b) => b - a);
  }

  /** @internal Construct from compiled entries (duplicates must have been rejected). */
  static of(list: readonly Compiled[]): GeoOverrides {
    return new GeoOverrides(list);
  }

  /** The overrides in file order. */
  get entries(): readonly GeoOverride[] {
    return this.#entries;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The most specific override whose network contains `ip`, if any (one map probe per prefix length). */
  match(ip: IpBytes): OverrideMatch | undefined {
    for (const p of this.#prefixes[ip.version]) {
      const hit = this.#byKey.get(networkKey(ip.bytes, p));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** @internal Compiled entries, for merging. */
  compiled(): readonly Compiled[] {
    return [...this.#byKey.values()];
  }
}

/** Identity of the network of `bytes` with `prefix` bits: a number for IPv4, text for IPv6. */
function networkKey(bytes: Uint8Array, prefix: number): number | string {
  if (bytes.length === 4) {
    const x = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    return (prefix === 0 ? 0 : x >>> (32 - prefix)) * 64 + prefix;
  }
  let k = `${prefix}/`;
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) k += String.fromCharCode(bytes[i]!);
  const rem = prefix & 7;
  if (rem !== 0) k += String.fromCharCode(bytes[whole]! & ((0xff << (8 - rem)) & 0xff));
  return k;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ENTRY_KEYS = new Set(['cidr', 'country', 'asn', 'as_org', 'note']);
const FILE_KEYS = new Set(['format', 'overrides']);

/**
 * Parse and validate an overrides file (JSON, geodata/README.md "CIDR overrides"). Throws
 * `GeoOverridesError` naming `sourceName`, the entry index and the field for the first problem.
 * Members whose name starts with `_` are comments and ignored.
 */
export function parseOverrides(text: string, sourceName: string): GeoOverrides {
  const fail = (index: number | undefined, msg: string, cause?: unknown): never => {
    const where = index === undefined ? '' : ` overrides[${index}]:`;
    throw new GeoOverridesError(sourceName, index, `${sourceName}:${where} ${msg}`, cause === undefined ? undefined : { cause });
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    return fail(undefined, `not JSON (${(cause as Error).message})`, cause);
  }
  if (!isObject(doc)) return fail(undefined, 'must be a JSON object with "format" and "overrides"');
  for (const k of Object.keys(doc)) if (!FILE_KEYS.has(k) && !k.startsWith('_')) fail(undefined, `unknown member "${k}"`);
  if (doc['format'] !== OVERRIDES_FORMAT) fail(undefined, `"format" must be "${OVERRIDES_FORMAT}"`);
  const list = doc['overrides'];
  if (!Array.isArray(list)) return fail(undefined, '"overrides" must be an array');
  if (list.length > MAX_OVERRIDES) fail(undefined, `${list.length} overrides; at most ${MAX_OVERRIDES} are accepted`);
  const seen = new Map<string, number>();
  const compiled = list.map((raw: unknown, i): Compiled => {
    const c = compileEntry(raw, sourceName, (msg) => fail(i, msg), i);
    const first = seen.get(c.override.cidr);
    if (first !== undefined) fail(i, `cidr ${c.override.cidr} is already overridden by overrides[${first}]`);
    seen.set(c.override.cidr, i);
    return c;
  });
  return GeoOverrides.of(compiled);
}

/** One set from several files; the same network in two files is an error naming both. */
export function mergeOverrides(sets: readonly GeoOverrides[]): GeoOverrides {
  const seen = new Map<string, GeoOverride>();
  const all: Compiled[] = [];
  for (const set of sets) {
    for (const c of set.compiled()) {
      const prev = seen.get(c.override.cidr);
      if (prev !== undefined) {
        throw new GeoOverridesError(c.override.source, c.index, `${c.override.source}: overrides[${c.index}]: cidr ${c.override.cidr} is also overridden in ${prev.source}`);
      }
      seen.set(c.override.cidr, c.override);
      all.push(c);
    }
  }
  return GeoOverrides.of(all);
}

function compileEntry(raw: unknown, source: string, fail: (msg: string) => never, index: number): Compiled {
  if (!isObject(raw)) return fail('must be an object with "cidr" and "note"');
  for (const k of Object.keys(raw)) if (!ENTRY_KEYS.has(k) && !k.startsWith('_')) fail(`unknown field "${k}"`);
  const net = networkOf(raw['cidr'], fail);
  const cidr = formatNetwork(net, net.prefix);
  const country = optional(raw, 'country', (v) => (typeof v === 'string' && /^[A-Z]{2}$/.test(v) ? v : undefined),
    (v) => `country ${JSON.stringify(v)} must be an ISO 3166-1 alpha-2 code in upper case${typeof v === 'string' && /^[a-z]{2}$/i.test(v) ? ` ("${v.toUpperCase()}")` : ''}`, fail);
  const asn = optional(raw, 'asn', (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? v : undefined),
    (v) => `asn ${JSON.stringify(v)} must be an integer from 0 to 4294967295`, fail);
  const asOrg = optional(raw, 'as_org', text, () => `as_org must be a non-empty line of at most ${MAX_TEXT} characters`, fail);
  const note = text(raw['note']) ?? fail(`note must be a non-empty line of at most ${MAX_TEXT} characters (say why this override is true)`);
  if (country === undefined && asn === undefined && asOrg === undefined) fail('names neither a country nor an operator (asn, as_org)');
  const override: GeoOverride = {
    cidr,
    ...(country === undefined ? {} : { country }),
    ...(asn === undefined ? {} : { asn }),
    ...(asOrg === undefined ? {} : { as_org: asOrg }),
    note,
    source,
  };
  const consensus: GeoOverrideConsensus = { status: 'override', ...(country === undefined ? {} : { country }), cidr, note, source };
  return { net, index, prefix: net.prefix, override: Object.freeze(override), consensus: Object.freeze(consensus) };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' && v.length <= MAX_TEXT && !/[\u0000-\u001f\u007f]/.test(v) ? v : undefined;
}

function optional<T>(o: Json, key: string, check: (v: unknown) => T | undefined, msg: (v: unknown) => string, fail: (m: string) => never): T | undefined {
  if (!(key in o)) return undefined;
  return check(o[key]) ?? fail(msg(o[key]));
}

/** Validated with ip-cidr, then held as bytes; host bits, zone ids and IPv4-mapped forms are refused. */
function networkOf(v: unknown, fail: (msg: string) => never): IpNetwork {
  if (typeof v !== 'string' || !IPCIDR.isValidCIDR(v)) return fail(`cidr ${JSON.stringify(v)} is not an IPv4 or IPv6 network (address/prefix)`);
  const slash = v.indexOf('/');
  const addr = parseIp(v.slice(0, slash));
  if (addr === undefined) return fail(`cidr ${JSON.stringify(v)}: the address must be plain (no zone id)`);
  const prefix = Number(v.slice(slash + 1));
  const net = parseCidr(v);
  if (net === undefined) {
    const hint = formatNetwork({ version: addr.version, bytes: maskBytes(addr.bytes, prefix) }, prefix);
    return fail(`cidr ${JSON.stringify(v)} has host bits set (the network is ${hint})`);
  }
  if (net.version === 6 && prefix >= 96 && isMappedIpv4(net.bytes)) {
    return fail(`cidr ${JSON.stringify(v)} is IPv4-mapped: write the IPv4 network (addresses are unmapped before matching)`);
  }
  return net;
}
