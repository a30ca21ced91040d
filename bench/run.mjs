// npm run bench: generates the benchmark captures if absent, then measures in ONE run, with
// interleaved repetitions (rep 1 of every file x tool, then rep 2, ...), median figures:
//   analyze   node dist/cli/bin.js analyze FILE --format json --out /dev/null --log-level debug (phase times from its log)
//   analyze-spooled  the same with EGRESS_VERIFY_SPOOL_AFTER=0 (every finished flow in the temporary file)
//   walk      node bench/walk.mjs FILE          (createReadStream 4 MiB: same process model)
//   walk-sync node bench/walk.mjs FILE --sync   (readSync 4 MiB: PERFORMANCE.md floor model)
//   tshark    tshark -q -z conv,tcp -z conv,udp -r FILE  (empty WIRESHARK_CONFIG_DIR)
// Options: --reps N (default 3), --only small|big|bigng|dests1m[,..], --no-tshark, --no-gen,
//   --max-old-space MiB (node --max-old-space-size for analyze and geo-share; default: node's own)
// dests1m (not in the default set): bench/data/dests-1m.pcap, 1 M distinct public destinations,
// one small flow each (scripts/gen-dests-capture.ts, ~270 MB); after the reps it also runs
// bench/geo-share.mjs once on it (phase times, geolocation's share, lookups/s cold and warm);
// --no-geo-share skips that.
// Writes bench/results.json. Targets (docs/PERFORMANCE.md): analyze >= 8x tshark packets/s,
// analyze wall <= 1.3x walk wall, analyze peak RSS <= 150 MiB and flat small -> big.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, rssMethod } from './measure.mjs';
import { median, printTables, summarize } from './report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'bench/data');
const FILES = { small: 'small.pcap', big: 'big.pcap', bigng: 'big.pcapng', dests1m: 'dests-1m.pcap' };
const DEFAULT_ONLY = ['small', 'big', 'bigng'];
const TSHARK = '/usr/bin/tshark';
const CLI = join(ROOT, 'dist/cli/bin.js');

function parseArgs(argv) {
  const o = { reps: 3, only: DEFAULT_ONLY, tshark: true, gen: true, geoShare: true, maxOldSpace: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reps') o.reps = Math.max(1, Number(argv[++i]));
    else if (a === '--only') o.only = String(argv[++i]).split(',');
    else if (a === '--no-tshark') o.tshark = false;
    else if (a === '--no-gen') o.gen = false;
    else if (a === '--no-geo-share') o.geoShare = false;
    else if (a === '--max-old-space') o.maxOldSpace = Math.max(64, Number(argv[++i]));
    else throw new Error(`unknown option ${a}`);
  }
  for (const k of o.only) if (!(k in FILES)) throw new Error(`--only: unknown capture ${k} (${Object.keys(FILES).join(', ')})`);
  return o;
}

function ensureCaptures(only) {
  if (only.includes('dests1m') && !existsSync(join(DATA, FILES.dests1m))) {
    process.stdout.write(`generating ${FILES.dests1m} ...\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-dests-capture.ts'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('capture generation failed');
  }
  const missing = only.filter((k) => k !== 'dests1m' && !existsSync(join(DATA, FILES[k])));
  if (missing.length === 0) return;
  const onlyArg = missing.every((k) => k === 'small') ? ['--only', 'small'] : missing.includes('small') ? [] : ['--only', 'big'];
  process.stdout.write(`generating ${missing.map((k) => FILES[k]).join(', ')} ...\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-bench-capture.ts', ...onlyArg], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('capture generation failed');
}

const heapFlag = (opts) => (opts.maxOldSpace === null ? [] : [`--max-old-space-size=${opts.maxOldSpace}`]);

/** Exit codes of a child killed by a signal, as GNU time reports them (128 + signal). */
const SIGNAL_EXIT = { 134: 'SIGABRT: V8 aborts so on "JavaScript heap out of memory"', 137: 'SIGKILL (kernel OOM killer?)' };

/**
 * Runs bench/geo-share.mjs once on `file` (its stderr, with the phase lines as they finish, goes
 * to ours); prints its report and returns its JSON, or {failed} with the exit status.
 */
/**
 * analyze's own phase lines (--log-level debug): wall ms and the main thread's CPU ms so far at the
 * end of reading, judging and writing; the CPU column does not move with the machine's load.
 */
function phasesOf(stderr) {
  const out = {};
  for (const line of String(stderr ?? '').split('\n')) {
    try {
      const o = JSON.parse(line);
      if (typeof o.phase === 'string') out[o.phase] = { ms: o.ms, mainThreadCpuMs: o.main_thread_cpu_ms ?? null, rssMiB: o.rss_mib, heapMiB: o.heap_mib };
    } catch { /* not a log line */ }
  }
  return out;
}

function printPhases(files, runs) {
  const rows = [];
  for (const f of files) {
    const rs = runs.filter((r) => r.file === f.name && r.tool === 'analyze' && r.ok && r.phases?.read);
    if (rs.length === 0) continue;
    const med = (phase, k) => { const v = rs.map((r) => r.phases[phase]?.[k]).filter((x) => typeof x === 'number'); return v.length ? median(v) : null; };
    const cell = (v) => (v === null ? '-' : Math.round(v).toLocaleString('en-US'));
    rows.push(`| ${f.name} | ${['read', 'judge', 'write'].map((p) => `${cell(med(p, 'ms'))} / ${cell(med(p, 'mainThreadCpuMs'))}`).join(' | ')} | ${cell(med('write', 'heapMiB'))} |`);
  }
  if (rows.length === 0) return;
  process.stdout.write('\nanalyze phases (median wall ms / main-thread CPU ms at the end of the phase, cumulative)\n');
  process.stdout.write('| file | read | judge | write | heap MiB after write |\n|---|---:|---:|---:|---:|\n');
  for (const r of rows) process.stdout.write(`${r}\n`);
}

function geoShare(file, opts) {
  process.stderr.write(`geo-share ${file.name} ...\n`);
  const argv = ['--expose-gc', ...heapFlag(opts), join(ROOT, 'bench/geo-share.mjs'), file.path];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = (r.stdout ?? '').trim().split('\n');
  if (r.status !== 0) {
    const why = r.signal === 'SIGABRT' ? SIGNAL_EXIT[134] : r.signal === 'SIGKILL' ? SIGNAL_EXIT[137] : r.signal ?? `exit ${r.status}`;
    process.stdout.write(`\ngeo-share ${file.name}: FAILED after ${wallS.toFixed(1)} s (${why}; heap limit: ${opts.maxOldSpace === null ? 'node default' : `${opts.maxOldSpace} MiB`})\n`);
    return { file: file.name, failed: why, wallS, status: r.status, signal: r.signal };
  }
  process.stdout.write(`\n${lines.slice(0, -1).join('\n')}\n`);
  return { ...JSON.parse(lines.at(-1)), file: file.name, wallS };
}

function tools(opts) {
  const emptyCfg = mkdtempSync(join(tmpdir(), 'ev-wireshark-'));
  const t = [
    { id: 'analyze', label: 'egress-verify analyze (json)', argv: (f) => [process.execPath, ...heapFlag(opts), CLI, 'analyze', f, '--format', 'json', '--out', '/dev/null', '--log-level', 'debug'],
      okCodes: [0, 1, 2], // PASS, FAIL, INCONCLUSIVE: a verdict is a successful run
      available: existsSync(CLI) ? null : 'not built yet (dist/cli/bin.js missing)' },
    // The same, with every finished flow in the temporary file (pipeline/flow-spool): the memory a
    // capture of more than 65,536 flows pays per flow, and the time it costs.
    { id: 'analyze-spooled', label: 'egress-verify analyze (json), every flow spooled', argv: (f) => [process.execPath, ...heapFlag(opts), CLI, 'analyze', f, '--format', 'json', '--out', '/dev/null'],
      env: { ...process.env, EGRESS_VERIFY_SPOOL_AFTER: '0' }, okCodes: [0, 1, 2],
      available: existsSync(CLI) ? null : 'not built yet (dist/cli/bin.js missing)' },
    { id: 'walk', label: 'bare walk (createReadStream)', argv: (f) => [process.execPath, join(ROOT, 'bench/walk.mjs'), f], stdout: true, available: null },
    { id: 'walk-sync', label: 'bare walk (readSync)', argv: (f) => [process.execPath, join(ROOT, 'bench/walk.mjs'), f, '--sync'], stdout: true, available: null },
  ];
  if (opts.tshark) {
    t.push({ id: 'tshark', label: 'tshark -z conv,tcp -z conv,udp', argv: (f) => [TSHARK, '-q', '-z', 'conv,tcp', '-z', 'conv,udp', '-r', f],
      env: { ...process.env, WIRESHARK_CONFIG_DIR: emptyCfg }, available: existsSync(TSHARK) ? null : 'not installed' });
  }
  return t;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const loadStart = loadavg();
  if (opts.gen) ensureCaptures(opts.only);
  const files = opts.only.map((k) => ({ key: k, name: FILES[k], path: join(DATA, FILES[k]) })).filter((f) => existsSync(f.path));
  for (const f of files) f.size = statSync(f.path).size;
  const toolList = tools(opts);
  const runs = [];
  for (let rep = 1; rep <= opts.reps; rep++) {
    for (const f of files) {
      for (const t of toolList) {
        if (t.available !== null) continue;
        const load1 = loadavg()[0];
        const r = await measure(t.argv(f.path), { env: t.env ?? process.env, captureStdout: t.stdout === true, cwd: ROOT, okCodes: t.okCodes ?? [0] });
        let packets = null;
        if (r.ok && t.stdout) { try { packets = JSON.parse(r.stdout.trim().split('\n').pop()).packets; } catch { /* ignore */ } }
        runs.push({ rep, file: f.name, tool: t.id, ok: r.ok, code: r.code, wallS: r.wallS, rssKiB: r.rssKiB, cpuS: r.cpuS, packets, load1, ...(t.id === 'analyze' ? { phases: phasesOf(r.stderr) } : {}), error: r.ok ? undefined : r.stderrTail });
        process.stderr.write(`rep ${rep} ${f.name} ${t.id}: ${r.ok ? `${r.wallS.toFixed(2)} s, ${(r.rssKiB / 1024).toFixed(0)} MiB` : `FAILED (${r.code}${SIGNAL_EXIT[r.code] ? `, ${SIGNAL_EXIT[r.code]}` : ''}) after ${r.wallS.toFixed(1)} s, ${(r.rssKiB / 1024).toFixed(0)} MiB: ${r.stderrTail}`}\n`);
      }
    }
  }
  const loadEnd = loadavg();
  for (const f of files) {
    const counts = runs.filter((r) => r.file === f.name && r.packets !== null).map((r) => r.packets);
    f.packets = counts.length > 0 ? median(counts) : null;
  }
  const meta = {
    date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '',
    reps: opts.reps, maxOldSpaceMiB: opts.maxOldSpace, rssMethod: rssMethod(), loadStart, loadEnd,
    unavailable: Object.fromEntries(toolList.filter((t) => t.available !== null).map((t) => [t.id, t.available])),
    tools: Object.fromEntries(toolList.map((t) => [t.id, t.label])),
  };
  const summary = summarize(files, toolList, runs);
  printTables(meta, files, summary);
  printPhases(files, runs);
  const geo = opts.geoShare ? files.filter((f) => f.key === 'dests1m').map((f) => geoShare(f, opts)) : [];
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify({ meta, files, summary, runs, ...(geo.length ? { geoShare: geo } : {}) }, null, 2)}\n`);
  process.stdout.write('\nwrote bench/results.json\n');
}

await main();
