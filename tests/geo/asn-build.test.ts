/**
 * The project-built ASN database, read by the geo stage's own lookup, answers exactly as a binary
 * search over the source CSV (issue 4 acceptance: 100,000 random addresses).
 * Needs geodata/mmdb/asn.mmdb (built by `tsx scripts/build-asn-mmdb.ts`); skips when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Reader } from 'maxmind';
import { describe, expect, it } from 'vitest';
import { geoDatabaseFromBuffer } from '../../src/geo/index.js';
import { mulberry32 } from '../support/random.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DB = resolve(ROOT, 'geodata/mmdb/asn.mmdb');
const require = createRequire(import.meta.url);
const CSV_DIR = dirname(require.resolve('@ip-location-db/asn/package.json'));

interface Row { start: bigint; end: bigint; asn: number; org: string }

/** Independent of the build script's parser: a regex per line. */
function load(file: string): Row[] {
  const re = /^(\d+),(\d+),(\d+),(?:"((?:[^"]|"")*)"|([^\n]*))$/;
  return readFileSync(resolve(CSV_DIR, file), 'utf8').split('\n').filter(Boolean).map((l) => {
    const m = re.exec(l);
    if (m === null) throw new Error(`bad line ${l}`);
    return { start: BigInt(m[1]!), end: BigInt(m[2]!), asn: Number(m[3]), org: m[4] !== undefined ? m[4].replace(/""/g, '"') : m[5]! };
  });
}

/** Last row whose start ≤ x, if x ≤ its end. */
function search(rows: Row[], x: bigint): Row | null {
  let lo = 0;
  let hi = rows.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.start <= x) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const r = rows[best];
  return r !== undefined && x <= r.end ? r : null;
}

const v4Text = (x: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((x >> s) & 255n)).join('.');
const v6Text = (x: bigint): string => Array.from({ length: 8 }, (_, i) => ((x >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

/** 100,000 random addresses (issue 4: 70,000 IPv4 uniform over the space, 30,000 IPv6 inside random rows, since uniform IPv6 is almost all gaps), plus 10,000 range edges. */
function probesOf(v4: Row[], v6: Row[], rnd: () => number): Array<{ text: string; row: Row | null }> {
  const big = (bits: number): bigint => {
    let x = 0n;
    for (let i = 0; i < bits; i += 16) x = (x << 16n) | BigInt(Math.floor(rnd() * 65536));
    return x;
  };
  const probes: Array<{ text: string; row: Row | null }> = [];
  const add = (rows: Row[], text: (x: bigint) => string, x: bigint): void => {
    probes.push({ text: text(x), row: search(rows, x) });
  };
  for (let i = 0; i < 70_000; i++) add(v4, v4Text, big(32));
  for (let i = 0; i < 30_000; i++) {
    const r = v6[Math.floor(rnd() * v6.length)]!;
    add(v6, v6Text, r.start + (big(128) % (r.end - r.start + 1n)));
  }
  for (const [rows, bits, text] of [[v4, 32, v4Text], [v6, 128, v6Text]] as const) {
    for (let i = 0; i < 5_000; i++) {
      const r = rows[Math.floor(rnd() * rows.length)]!;
      const mode = i % 3;
      add(rows, text, mode === 0 ? r.start : mode === 1 ? r.end : r.end + 1n < 1n << BigInt(bits) ? r.end + 1n : r.end);
    }
  }
  return probes;
}

describe.skipIf(!existsSync(DB))('geodata/mmdb/asn.mmdb vs the @ip-location-db/asn CSV', () => {
  it('answers exactly as a binary search for 100,000 random addresses and 10,000 range edges (IPv4 and IPv6)', () => {
    const bytes = readFileSync(DB);
    expect(new Reader(bytes).metadata.databaseType).toBe('egress-verify-ASN');
    const db = geoDatabaseFromBuffer('asn', bytes); // the tool's own lookup path
    expect(db.schema).toBe('asn');
    const probes = probesOf(load('asn-ipv4-num.csv'), load('asn-ipv6-num.csv'), mulberry32(20260617));
    expect(probes).toHaveLength(110_000);
    const mismatches = probes.filter(({ text, row }) => {
      const got = db.lookup(text);
      if (row === null) return got.status !== 'not_found';
      return got.status !== 'found' || got.facts.asn !== row.asn || got.facts.asOrg !== row.org;
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(probes.filter((p) => p.row === null).length).toBeGreaterThan(1000); // gaps are exercised too
    expect(probes.filter((p) => p.row !== null).length).toBeGreaterThan(50_000);
  });
});
