/**
 * Writes the benchmark captures into bench/data/ (git-ignored) unless they already exist:
 * big.pcap (~1 GB) and big.pcapng (the same packets, one pass), and small.pcap (~100 MB).
 * Deterministic (fixed seeds). Usage: tsx scripts/gen-bench-capture.ts [--force] [--only small|big]
 * @module scripts/gen-bench-capture
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesizeFiles, type SynthFormat, type TrafficSummary } from './synth/index.js';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../bench/data');

/** One benchmark capture set: files written together from one traffic run. */
interface Job {
  readonly name: 'small' | 'big';
  readonly files: ReadonlyArray<{ readonly file: string; readonly format: SynthFormat }>;
  readonly targetBytes: number;
  readonly seed: number;
}

const JOBS: readonly Job[] = [
  { name: 'small', files: [{ file: 'small.pcap', format: 'pcap' }], targetBytes: 100_000_000, seed: 20240601 },
  {
    name: 'big',
    files: [{ file: 'big.pcap', format: 'pcap' }, { file: 'big.pcapng', format: 'pcapng' }],
    targetBytes: 1_000_000_000,
    seed: 20240601,
  },
];

type Manifest = Record<string, { packets: number; bytes: number; sessions: number; spanS: number; seed: number; format: SynthFormat }>;

function readManifest(path: string): Manifest {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return {};
  }
}

async function run(job: Job, manifest: Manifest): Promise<void> {
  const t0 = process.hrtime.bigint();
  const tmp = job.files.map((f) => ({ path: join(DATA, `${f.file}.partial`), format: f.format }));
  const s: TrafficSummary = await synthesizeFiles(tmp, { targetBytes: job.targetBytes, seed: job.seed });
  job.files.forEach((f, i) => {
    const final = join(DATA, f.file);
    renameSync(tmp[i]!.path, final);
    manifest[f.file] = {
      packets: s.packets, bytes: statSync(final).size, sessions: s.sessions,
      spanS: (s.lastUs - s.firstUs) / 1e6, seed: job.seed, format: f.format,
    };
  });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(`${job.files.map((f) => f.file).join(' + ')}: ${s.packets} packets, ${(s.bytes / 1e6).toFixed(1)} MB, ${s.sessions} sessions, ${secs.toFixed(1)} s\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  mkdirSync(DATA, { recursive: true });
  const manifestPath = join(DATA, 'manifest.json');
  const manifest = readManifest(manifestPath);
  for (const job of JOBS) {
    if (only !== undefined && job.name !== only) continue;
    if (!force && job.files.every((f) => existsSync(join(DATA, f.file)))) continue;
    await run(job, manifest);
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

await main();
