/**
 * A deterministic MaxMind DB v2.0 writer (https://maxmind.github.io/MaxMind-DB/):
 * `[search tree][16 zero bytes][data section]["\xAB\xCD\xEFMaxMind.com"][metadata map]`.
 * The record size (24, 28 or 32 bits) is the smallest that can address every node and data
 * offset. Identical records share one data offset; identical sub-values share one encoding via
 * pointers. The same inserts in the same order always give the same bytes.
 * @module geo/mmdb-writer
 */
import { ByteSink } from './byte-sink.js';
import { parseCidr, type IpNetwork } from './ip-bytes.js';
import { DataSectionEncoder } from './mmdb-data.js';
import { SearchTrie } from './mmdb-tree.js';
import { mmdb, type MmdbValue } from './mmdb-value.js';

/** Start of the metadata section (spec "Database Metadata"). */
export const MMDB_METADATA_MARKER = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com', 'latin1')]);
/** Spec "Data Section Separator": 16 zero bytes between tree and data. */
const DATA_SECTION_SEPARATOR = 16;

/** What goes into the metadata map. */
export interface MmdbWriterOptions {
  /** 4: a 32-bit tree; 6: a 128-bit tree with IPv4 at ::/96. */
  readonly ipVersion: 4 | 6;
  /** `database_type`; names starting with "GeoIP" are reserved for MaxMind. */
  readonly databaseType: string;
  /** `build_epoch` in seconds since 1970, always passed in (never the clock) for determinism. */
  readonly buildEpoch: number | bigint;
  readonly languages?: readonly string[];
  readonly description?: Readonly<Record<string, string>>;
  /** IPv6 only: alias ::ffff:0:0/96 and 2002::/16 to the IPv4 subtree, as GeoLite2 does. */
  readonly aliasIpv4?: boolean;
  /** Force a record size instead of the smallest that fits. */
  readonly recordSize?: 24 | 28 | 32;
}

/** Builds one database in memory. */
export class MmdbWriter {
  readonly #opts: MmdbWriterOptions;
  readonly #trie: SearchTrie;
  readonly #records: MmdbValue[] = [];
  /** The same record object inserted for many networks gets one id (cheap de-duplication). */
  readonly #idOf = new Map<MmdbValue, number>();

  constructor(opts: MmdbWriterOptions) {
    this.#opts = opts;
    this.#trie = new SearchTrie(opts.ipVersion === 4 ? 32 : 128);
  }

  /**
   * Map a network (`"192.0.2.0/24"` or a parsed one) to `record`. IPv4 networks in an IPv6
   * database go to ::a.b.c.d/(96 + n). Later inserts win where networks overlap.
   * Throws RangeError on a malformed network or an IPv6 network in an IPv4 database (caller bug).
   */
  insert(network: string | IpNetwork, record: MmdbValue): void {
    const net = typeof network === 'string' ? parseCidr(network) : network;
    if (net === undefined) throw new RangeError(`not a network: ${String(network)}`);
    let id = this.#idOf.get(record);
    if (id === undefined) {
      id = this.#records.length;
      this.#records.push(record);
      if (typeof record === 'object') this.#idOf.set(record, id);
    }
    if (this.#opts.ipVersion === 4) {
      if (net.version !== 4) throw new RangeError(`IPv6 network in an IPv4 database: ${String(network)}`);
      this.#trie.insert(net.bytes, net.prefix, id);
    } else if (net.version === 4) {
      const b = new Uint8Array(16);
      b.set(net.bytes, 12);
      this.#trie.insert(b, net.prefix + 96, id);
    } else {
      this.#trie.insert(net.bytes, net.prefix, id);
    }
  }

  /** Serialise the database. */
  toBuffer(): Buffer {
    if (this.#opts.ipVersion === 6 && this.#opts.aliasIpv4 === true) {
      const v4 = new Uint8Array(16);
      const mapped = new Uint8Array(16);
      mapped[10] = 0xff;
      mapped[11] = 0xff;
      const sixToFour = new Uint8Array(16);
      sixToFour[0] = 0x20;
      sixToFour[1] = 0x02;
      this.#trie.alias(mapped, 96, v4, 96); // RFC 4291 §2.5.5.2
      this.#trie.alias(sixToFour, 16, v4, 96); // RFC 3056 §2
    }
    const data = new DataSectionEncoder(true);
    const offsets = new Float64Array(this.#records.length).fill(-1);
    const { nodeCount, slots } = this.#trie.layout((id) => {
      if (offsets[id]! < 0) offsets[id] = data.addRecord(this.#records[id]!);
    });
    const maxValue = nodeCount + DATA_SECTION_SEPARATOR + data.length;
    const recordSize = this.#opts.recordSize ?? (maxValue < 2 ** 24 ? 24 : maxValue < 2 ** 28 ? 28 : 32);
    if (maxValue >= 2 ** recordSize) throw new RangeError(`record size ${recordSize} too small for ${maxValue}`);
    const out = new ByteSink(nodeCount * (recordSize / 4) + data.length + 256);
    const base = nodeCount + DATA_SECTION_SEPARATOR;
    writeTree(out, slots, nodeCount, recordSize, (id) => base + offsets[id]!);
    out.bytes(new Uint8Array(DATA_SECTION_SEPARATOR));
    out.bytes(data.toBuffer());
    out.bytes(MMDB_METADATA_MARKER);
    out.bytes(this.#metadata(nodeCount, recordSize));
    return out.toBuffer();
  }

  #metadata(nodeCount: number, recordSize: number): Buffer {
    const o = this.#opts;
    const meta: Record<string, MmdbValue> = {
      binary_format_major_version: mmdb.uint16(2),
      binary_format_minor_version: mmdb.uint16(0),
      build_epoch: mmdb.uint64(BigInt(o.buildEpoch)),
      database_type: o.databaseType,
      description: { ...(o.description ?? {}) },
      ip_version: mmdb.uint16(o.ipVersion),
      languages: [...(o.languages ?? [])],
      node_count: mmdb.uint32(nodeCount),
      record_size: mmdb.uint16(recordSize),
    };
    const enc = new DataSectionEncoder(false);
    enc.addRecord(meta);
    return enc.toBuffer();
  }
}

/** Nodes of two records each, big-endian; 28-bit records share the middle byte's nibbles. */
function writeTree(
  out: ByteSink,
  slots: Int32Array,
  nodeCount: number,
  recordSize: number,
  dataValue: (id: number) => number,
): void {
  const nodeBytes = recordSize / 4;
  const buf = Buffer.alloc(nodeCount * nodeBytes);
  for (let i = 0, off = 0; i < nodeCount; i++, off += nodeBytes) {
    const ls = slots[2 * i]!;
    const rs = slots[2 * i + 1]!;
    const l = ls >= 0 ? ls : ls === -1 ? nodeCount : dataValue(-ls - 2);
    const r = rs >= 0 ? rs : rs === -1 ? nodeCount : dataValue(-rs - 2);
    if (recordSize === 24) {
      buf.writeUIntBE(l, off, 3);
      buf.writeUIntBE(r, off + 3, 3);
    } else if (recordSize === 28) {
      buf.writeUIntBE(l & 0xffffff, off, 3);
      buf[off + 3] = ((Math.floor(l / 2 ** 24) & 0x0f) << 4) | (Math.floor(r / 2 ** 24) & 0x0f);
      buf.writeUIntBE(r & 0xffffff, off + 4, 3);
    } else {
      buf.writeUInt32BE(l, off);
      buf.writeUInt32BE(r, off + 4);
    }
  }
  out.bytes(buf);
}
