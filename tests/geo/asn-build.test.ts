/**
 * The project-built ASN database answers exactly as a binary search over the source CSV.
 * Needs geodata/mmdb/asn.mmdb (built by `tsx scripts/build-asn-mmdb.ts`); skips when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Reader } from 'maxmind';
import { describe, expect, it } from 'vitest';

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

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const v4Text = (x: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((x >> s) & 255n)).join('.');
const v6Text = (x: bigint): string => Array.from({ length: 8 }, (_, i) => ((x >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

describe.skipIf(!existsSync(DB))('geodata/mmdb/asn.mmdb vs the @ip-location-db/asn CSV', () => {
  it('answers exactly as a binary search for 10,000 addresses (random, range edges, IPv4 and IPv6)', () => {
    const reader = new Reader<{ autonomous_system_number: number; autonomous_system_organization: string }>(readFileSync(DB));
    expect(reader.metadata.databaseType).toBe('egress-verify-ASN');
    const rnd = mulberry32(20260617);
    const big = (bits: number): bigint => {
      let x = 0n;
      for (let i = 0; i < bits; i += 16) x = (x << 16n) | BigInt(Math.floor(rnd() * 65536));
      return x;
    };
    const probes: Array<{ text: string; row: Row | null }> = [];
    for (const [file, bits, text] of [['asn-ipv4-num.csv', 32, v4Text], ['asn-ipv6-num.csv', 128, v6Text]] as const) {
      const rows = load(file);
      const n = bits === 32 ? 6000 : 4000;
      for (let i = 0; i < n; i++) {
        let x: bigint;
        const pick = rows[Math.floor(rnd() * rows.length)]!;
        const mode = i % 4;
        if (mode === 0 && bits === 32) x = big(32);
        else if (mode === 0) x = pick.start + ((big(64) % (pick.end - pick.start + 1n)) );
        else if (mode === 1) x = pick.start;
        else if (mode === 2) x = pick.end;
        else x = pick.end + 1n < 1n << BigInt(bits) ? pick.end + 1n : pick.end;
        probes.push({ text: text(x), row: search(rows, x) });
      }
    }
    expect(probes).toHaveLength(10_000);
    const mismatches = probes.filter(({ text, row }) => {
      const got = reader.get(text);
      if (row === null) return got !== null;
      return got?.autonomous_system_number !== row.asn || got.autonomous_system_organization !== row.org;
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(probes.filter((p) => p.row === null).length).toBeGreaterThan(100); // gaps are exercised too
  });
});
