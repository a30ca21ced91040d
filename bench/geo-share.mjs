// Geolocation's share of one analysis, and lookups/s with the memo cold and warm.
// Usage: node --expose-gc bench/geo-share.mjs FILE [--sample N]   (after `npm run build`)
//
// 1. Runs `analyze FILE --format json --out /dev/null --log-level debug` in this process through
//    dist/cli/main.js (the CLI's own code path), with Geolocator.prototype.geolocate (dist/geo)
//    wrapped by a timer: every geolocation of the run is timed, src/ is unchanged. The phase
//    timings (read / judge / write) come from the run's own debug log lines; "setupAndRest" is the
//    rest of the wall time (policy, databases, resolver list). Main-thread CPU per phase is the
//    difference of the lines' cumulative main_thread_cpu_ms when present (read's includes the
//    setup and module loading before it). Peak RSS of the analysis is this
//    process's maxRSS right after it (before step 2). The timer's own cost is estimated by timing
//    as many empty timer pairs and is reported, not subtracted.
// 2. Lookups/s on the embedded databases, over the first N (default 200,000, below the memo's
//    262,144) distinct destinations the run geolocated: cold = a fresh Geolocator (default memo),
//    each address once, every lookup a miss; warm = the same addresses again, every lookup a hit.
//    Two repetitions each; the faster one is reported (the machine is shared).
// Prints a short report; the last stdout line is one JSON object (bench/run.mjs reads it).
import { Writable } from 'node:stream';
import { main } from '../dist/cli/main.js';
import { loadGeoDatabases } from '../dist/cli/geodata.js';
import { DEFAULT_MAX_MEMO, Geolocator } from '../dist/geo/index.js';

function parseArgs(argv) {
  const o = { file: undefined, sample: 200_000 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sample') o.sample = Math.max(1, Number(argv[++i]));
    else if (o.file === undefined) o.file = argv[i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  if (o.file === undefined) throw new Error('usage: node bench/geo-share.mjs FILE [--sample N]');
  return o;
}

/** Wraps Geolocator.prototype.geolocate; returns the counters and the address sample. */
function instrument(sampleMax) {
  const orig = Geolocator.prototype.geolocate;
  const s = { ms: 0, calls: 0, instance: null, sample: new Set(), sampleMax };
  Geolocator.prototype.geolocate = function timedGeolocate(ip) {
    const t = performance.now();
    const ev = orig.call(this, ip);
    s.ms += performance.now() - t;
    s.calls++;
    s.instance = this;
    if (s.sample.size < s.sampleMax) s.sample.add(ip);
    return ev;
  };
  s.restore = () => { Geolocator.prototype.geolocate = orig; };
  return s;
}

/** ms per timer pair (two performance.now() calls and an addition), as the wrapper pays it. */
function timerPairMs(n = 1_000_000) {
  let acc = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { const t = performance.now(); acc += performance.now() - t; }
  void acc;
  return (performance.now() - t0) / n;
}

/** A Writable collecting the run's debug log lines (JSON) and keeping the phase entries. */
function logSink() {
  const phases = {};
  let carry = '';
  const errors = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop() ?? '';
      for (const l of lines) {
        try {
          const o = JSON.parse(l);
          if (typeof o.phase === 'string') {
            phases[o.phase] = o;
            // Echoed at once: if the run dies (out of memory), the phases it finished are on record.
            process.stderr.write(`phase ${o.phase}: ${o.ms} ms, rss ${o.rss_mib} MiB, heap ${o.heap_mib} MiB\n`);
          }
          if (o.level >= 50) errors.push(o.msg);
        } catch { if (l.trim()) errors.push(l); }
      }
      cb();
    },
  });
  return { stream, phases, errors };
}

const discard = () => new Writable({ write(_c, _e, cb) { cb(); } });

async function runAnalysis(file, geo) {
  const log = logSink();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await main(['analyze', file, '--format', 'json', '--out', '/dev/null', '--log-level', 'debug'],
    { stdin: process.stdin, stdout: discard(), stderr: log.stream, stderrIsTTY: false, env: process.env });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const ph = (k) => log.phases[k]?.ms ?? null;
  const known = [ph('read'), ph('judge'), ph('write')].filter((x) => x !== null).reduce((a, b) => a + b, 0);
  return {
    exitCode: code, errors: log.errors.slice(-3), wallMs, cpuMs: (cpu.user + cpu.system) / 1000,
    phases: { read: ph('read'), judge: ph('judge'), write: ph('write'), setupAndRest: wallMs - known },
    phaseMemory: Object.fromEntries(Object.entries(log.phases).map(([k, v]) => [k, { rssMiB: v.rss_mib, heapMiB: v.heap_mib }])),
    mainThreadCpuMs: mainThreadCpu(log.phases),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    geo: { ms: geo.ms, calls: geo.calls, stats: geo.instance?.stats() ?? null },
  };
}

/** Main-thread CPU ms per phase, from the cumulative `main_thread_cpu_ms` of the log lines when present. */
function mainThreadCpu(phases) {
  const out = {};
  let prev = 0;
  for (const k of ['read', 'judge', 'write']) {
    const c = phases[k]?.main_thread_cpu_ms;
    if (typeof c !== 'number') return null;
    out[k] = c - prev;
    prev = c;
  }
  return out;
}

function timedPass(g, ips) {
  const t0 = performance.now();
  for (const ip of ips) g.geolocate(ip);
  return performance.now() - t0;
}

/** Cold (fresh memo, all misses) and warm (same addresses again, all hits) lookups/s. */
async function lookupRates(ips) {
  const dbs = await loadGeoDatabases([], true);
  let cold = Infinity, warm = Infinity, stats = null;
  for (let rep = 0; rep < 2; rep++) {
    globalThis.gc?.();
    const g = new Geolocator(dbs);
    cold = Math.min(cold, timedPass(g, ips));
    warm = Math.min(warm, timedPass(g, ips));
    stats = g.stats();
  }
  const v6 = ips.filter((ip) => ip.includes(':')).length;
  return {
    databases: dbs.map((d) => d.id), addresses: ips.length, ipv6: v6, memo: DEFAULT_MAX_MEMO,
    coldPerS: ips.length / (cold / 1000), warmPerS: ips.length / (warm / 1000), stats,
  };
}

const f0 = (x) => (x === null ? '-' : Math.round(x).toLocaleString('en-US'));
const f2 = (x) => (x === null ? '-' : x.toFixed(2));
const pct = (part, whole) => (part === null ? '-' : `${((100 * part) / whole).toFixed(1)} %`);

function print(file, r) {
  const out = (l = '') => process.stdout.write(`${l}\n`);
  const a = r.analysis, w = a.wallMs;
  out(`geolocation share: ${file}  (exit code ${a.exitCode}${a.errors.length ? `; ${a.errors.join(' | ')}` : ''})`);
  out('| part | wall ms | share of wall | main-thread CPU ms |');
  out('|---|---:|---:|---:|');
  for (const [k, v] of Object.entries(a.phases)) out(`| ${k} | ${f0(v)} | ${pct(v, w)} | ${f0(a.mainThreadCpuMs?.[k] ?? null)} |`);
  out(`| **wall** (in-process analyze) | ${f0(w)} | 100 % | |`);
  out(`| geolocate (inside judge) | ${f0(a.geo.ms)} | ${pct(a.geo.ms, w)} (${pct(a.geo.ms, a.phases.judge ?? w)} of judge) | |`);
  out(`geolocate calls ${f0(a.geo.calls)}, memo ${JSON.stringify(a.geo.stats)}; ${f2(a.geo.calls / (a.geo.ms / 1000) / 1e6)} M lookups/s in the run`);
  out(`timer overhead estimate: ${f0(r.timerOverheadMs)} ms (${f2(r.timerPairNs)} ns per call), included in the geolocate figure`);
  out(`CPU ${f0(a.cpuMs)} ms; peak RSS ${f0(a.peakRssMiB)} MiB; after each phase: ${Object.entries(a.phaseMemory).map(([k, v]) => `${k} rss ${v.rssMiB} / heap ${v.heapMiB} MiB`).join(', ')}`);
  const l = r.lookups;
  out(`\nlookups/s on the embedded databases (${l.databases.join(', ')}), ${f0(l.addresses)} distinct run destinations (${f0(l.ipv6)} IPv6), default memo ${f0(l.memo)}, best of 2:`);
  out(`| memo | lookups/s |`);
  out('|---|---:|');
  out(`| cold (each address once: all misses) | ${f0(l.coldPerS)} |`);
  out(`| warm (same addresses again: all hits) | ${f0(l.warmPerS)} |`);
}

async function run() {
  const o = parseArgs(process.argv.slice(2));
  const pairMs = timerPairMs();
  const geo = instrument(o.sample);
  const analysis = await runAnalysis(o.file, geo);
  geo.restore();
  const lookups = await lookupRates([...geo.sample]);
  const r = { file: o.file, analysis, timerPairNs: pairMs * 1e6, timerOverheadMs: pairMs * analysis.geo.calls, lookups };
  print(o.file, r);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

await run();
