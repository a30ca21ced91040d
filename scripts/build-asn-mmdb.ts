/**
 * Build geodata/mmdb/asn.mmdb from node_modules/@ip-location-db/asn (CSV `start,end,asn,org`,
 * numeric forms) with the project's MMDB writer, deterministically: same CSV → same bytes.
 * build_epoch is the data date in the package version (2.3.YYYYMMDDHH), never the clock.
 * Prints the sha256 and the counts. Usage: tsx scripts/build-asn-mmdb.ts [outFile]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MmdbWriter, ipv4RangeToCidrs, ipv6RangeToCidrs, mmdb, type MmdbValue } from '../src/geo/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PKG_DIR = dirname(require.resolve('@ip-location-db/asn/package.json'));

/** Database type: recognised as the ASN schema by the geo stage. */
export const ASN_DATABASE_TYPE = 'egress-verify-ASN';

/** One CSV row: inclusive numeric range, AS number, organisation. */
export interface AsnRow {
  readonly start: bigint;
  readonly end: bigint;
  readonly asn: number;
  readonly org: string;
}

/** Parse one RFC 4180 line (quoted fields, "" escapes) into fields. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quote: ${line}`);
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      i++; // comma
    } else {
      const c = line.indexOf(',', i);
      const e = c < 0 ? line.length : c;
      out.push(line.slice(i, e));
      i = e + 1;
    }
  }
  return out;
}

/**
 * Rows of one numeric CSV, checked sorted by start. Where a row overlaps the previous one (one
 * row in the 2026-06-17 IPv4 file), the later row wins, which is also what a binary search on
 * `start` answers; `overlaps` counts them.
 */
export function readAsnCsv(file: string): { rows: AsnRow[]; overlaps: number } {
  const rows: AsnRow[] = [];
  let prevStart = -1n;
  let prevEnd = -1n;
  let overlaps = 0;
  const records = new Map<string, MmdbValue>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const [s = '', e = '', a = '', org = ''] = parseCsvLine(line);
    const row = { start: BigInt(s), end: BigInt(e), asn: Number(a), org };
    if (row.start <= prevStart || row.end < row.start) throw new Error(`${file}: unsorted row: ${line}`);
    if (row.start <= prevEnd) overlaps++;
    prevStart = row.start;
    prevEnd = row.end > prevEnd ? row.end : prevEnd;
    rows.push(row);
  }
  return { rows, overlaps };
}

function buildEpochOf(version: string): number {
  const m = /^\d+\.\d+\.(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (m === null) throw new Error(`unexpected @ip-location-db/asn version ${version}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4])) / 1000;
}

function main(): void {
  const t0 = performance.now();
  const out = resolve(ROOT, process.argv[2] ?? 'geodata/mmdb/asn.mmdb');
  const version = (JSON.parse(readFileSync(resolve(PKG_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  const w = new MmdbWriter({
    ipVersion: 6,
    databaseType: ASN_DATABASE_TYPE,
    buildEpoch: buildEpochOf(version),
    languages: ['en'],
    description: {
      en: `ASN data from RouteViews, DB-IP ASN Lite and NRO (CC BY 4.0), merged by ip-location-db (@ip-location-db/asn@${version}), converted to MMDB by egress-verify`,
    },
  });
  let ranges = 0;
  let cidrs = 0;
  let overlaps = 0;
  const records = new Map<string, MmdbValue>();
  for (const [file, v] of [['asn-ipv4-num.csv', 4], ['asn-ipv6-num.csv', 6]] as const) {
    const csv = readAsnCsv(resolve(PKG_DIR, file));
    overlaps += csv.overlaps;
    for (const r of csv.rows) {
      const key = `${r.asn}\u0000${r.org}`;
      let record = records.get(key);
      if (record === undefined) {
        record = { autonomous_system_number: mmdb.uint32(r.asn), autonomous_system_organization: r.org };
        records.set(key, record);
      }
      const nets = v === 4 ? ipv4RangeToCidrs(Number(r.start), Number(r.end)) : ipv6RangeToCidrs(r.start, r.end);
      for (const n of nets) w.insert(n, record);
      ranges++;
      cidrs += nets.length;
    }
  }
  const bytes = w.toBuffer();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out + '.tmp', bytes);
  renameSync(out + '.tmp', out);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  process.stdout.write(`${sha}  ${out}\n${ranges} ranges (${overlaps} overlapping, later wins), ${cidrs} networks, ${bytes.length} bytes, ${secs} s (@ip-location-db/asn@${version})\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
