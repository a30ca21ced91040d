// npm run bench: generates the benchmark captures if absent, then measures in ONE run, with
// interleaved repetitions (rep 1 of every file x tool, then rep 2, ...), median figures:
//   analyze   node dist/cli/bin.js analyze FILE --format json --out /dev/null
//   walk      node bench/walk.mjs FILE          (createReadStream 4 MiB: same process model)
//   walk-sync node bench/walk.mjs FILE --sync   (readSync 4 MiB: PERFORMANCE.md floor model)
//   tshark    tshark -q -z conv,tcp -z conv,udp -r FILE  (empty WIRESHARK_CONFIG_DIR)
// Options: --reps N (default 3), --only small|big|bigng[,..], --no-tshark, --no-gen
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
const FILES = { small: 'small.pcap', big: 'big.pcap', bigng: 'big.pcapng' };
const TSHARK = '/usr/bin/tshark';
const CLI = join(ROOT, 'dist/cli/bin.js');

function parseArgs(argv) {
  const o = { reps: 3, only: Object.keys(FILES), tshark: true, gen: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reps') o.reps = Math.max(1, Number(argv[++i]));
    else if (a === '--only') o.only = String(argv[++i]).split(',');
    else if (a === '--no-tshark') o.tshark = false;
    else if (a === '--no-gen') o.gen = false;
    else throw new Error(`unknown option ${a}`);
  }
  for (const k of o.only) if (!(k in FILES)) throw new Error(`--only: unknown capture ${k} (small, big, bigng)`);
  return o;
}

function ensureCaptures(only) {
  const missing = only.filter((k) => !existsSync(join(DATA, FILES[k])));
  if (missing.length === 0) return;
  const onlyArg = missing.every((k) => k === 'small') ? ['--only', 'small'] : missing.includes('small') ? [] : ['--only', 'big'];
  process.stdout.write(`generating ${missing.map((k) => FILES[k]).join(', ')} ...\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-bench-capture.ts', ...onlyArg], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('capture generation failed');
}

function tools(opts) {
  const emptyCfg = mkdtempSync(join(tmpdir(), 'ev-wireshark-'));
  const t = [
    { id: 'analyze', label: 'egress-verify analyze (json)', argv: (f) => [process.execPath, CLI, 'analyze', f, '--format', 'json', '--out', '/dev/null'],
      okCodes: [0, 1, 2], // PASS, FAIL, INCONCLUSIVE: a verdict is a successful run
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
        runs.push({ rep, file: f.name, tool: t.id, ok: r.ok, code: r.code, wallS: r.wallS, rssKiB: r.rssKiB, cpuS: r.cpuS, packets, load1, error: r.ok ? undefined : r.stderrTail });
        process.stderr.write(`rep ${rep} ${f.name} ${t.id}: ${r.ok ? `${r.wallS.toFixed(2)} s, ${(r.rssKiB / 1024).toFixed(0)} MiB` : `FAILED (${r.code}) ${r.stderrTail}`}\n`);
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
    reps: opts.reps, rssMethod: rssMethod(), loadStart, loadEnd,
    unavailable: Object.fromEntries(toolList.filter((t) => t.available !== null).map((t) => [t.id, t.available])),
    tools: Object.fromEntries(toolList.map((t) => [t.id, t.label])),
  };
  const summary = summarize(files, toolList, runs);
  printTables(meta, files, summary);
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify({ meta, files, summary, runs }, null, 2)}\n`);
  process.stdout.write('\nwrote bench/results.json\n');
}

await main();
