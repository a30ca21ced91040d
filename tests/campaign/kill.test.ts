/**
 * Kill test: the CLI runs a campaign as a child process and is killed with SIGKILL at several
 * moments (before any run finishes, after a few, at a random time), restarted each time, and then
 * allowed to finish. The final summary, JUnit and every report must equal those of a campaign
 * that ran straight through, the resumed runs must be skipped, and no partial file may ever be
 * visible under the output folder: a watcher reads every visible file while the campaigns run,
 * and each must be complete (JSON parses, XML is well-formed, text ends with its last newline).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignDir, listFiles } from '../builders/campaign.js';
import { REPO } from '../support/corpus.js';
import { parseXml } from './xml.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const c = campaignDir('ev-kill-');
afterAll(() => c.remove());

const CAPS = ['demo', 'av-clean', 'av-telemetry-ru', 'av-disputed', 'av-dns-abroad'];
for (const d of CAPS) c.copy(join(REPO, 'captures', `${d}.pcapng`), `caps/${d}.pcapng`);
const RUNS = Array.from({ length: 10 }, (_, i) => ({
  id: `run-${String(i).padStart(2, '0')}`,
  scenario: `scenario ${i % 3}`,
  captures: [`caps/${CAPS[i % CAPS.length]!}.pcapng`, ...(i >= 5 ? [`caps/${CAPS[(i + 1) % CAPS.length]!}.pcapng`] : [])],
  expect: 'PASS',
}));
const MANIFEST = c.manifest({ version: 1, id: 'kill', runs: RUNS, defaults: { monitored_hosts: ['192.168.1.0/24', '10.0.0.0/8', 'fd00::/8', '2001:db8::/32'] } });

interface Child {
  readonly killed: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the CLI; SIGKILL it once `killWhen` says so (given stderr so far and ms elapsed). */
function campaign(out: string, killWhen: (stderr: string, ms: number) => boolean = () => false): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, 'src/cli/bin.ts', 'campaign', MANIFEST, '--out', out, '--jobs', '2'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const started = Date.now();
    let stdout = '';
    let stderr = '';
    let killed = false;
    const check = (): void => {
      if (!killed && killWhen(stderr, Date.now() - started)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    const timer = setInterval(check, 5);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ killed, code, stdout, stderr });
    });
  });
}

/** Reads every visible file under `dir` while campaigns run; collects any that is incomplete. */
function watch(dir: string): { stop: () => string[]; seen: () => number } {
  const bad: string[] = [];
  let seen = 0;
  const timer = setInterval(() => {
    for (const f of listFilesSafe(dir)) {
      if (basename(f).startsWith('.')) continue;
      let text: string;
      try {
        text = readFileSync(join(dir, f), 'utf8');
      } catch {
        continue; // removed or replaced between listing and reading
      }
      seen++;
      const problem = incomplete(f, text);
      if (problem !== null) bad.push(`${f}: ${problem}`);
    }
  }, 3);
  return { stop: () => (clearInterval(timer), bad), seen: () => seen };
}

function listFilesSafe(dir: string): string[] {
  try {
    return listFiles(dir);
  } catch {
    return [];
  }
}

function incomplete(f: string, text: string): string | null {
  if (text.length === 0) return 'empty';
  try {
    if (f.endsWith('.json')) JSON.parse(text);
    else if (f.endsWith('.xml')) parseXml(text);
  } catch (e) {
    return (e as Error).message;
  }
  return text.endsWith('\n') ? null : 'does not end with a newline';
}

describe('a campaign killed with SIGKILL and restarted', () => {
  it('finishes with the same summary as an uninterrupted run, and never shows a partial file', async () => {
    const ref = join(c.dir, 'ref');
    const straight = await campaign(ref);
    expect([straight.killed, straight.code, straight.stderr.match(/\[\d+\/10\]/g)?.length]).toEqual([false, 1, 10]);

    const out = join(c.dir, 'out');
    const w = watch(out);
    const jitter = 300 + Math.floor(Math.random() * 1500);
    const kills = [
      (_: string, ms: number) => ms > 250, // during start-up or preflight
      (s: string) => /\[2\/10\]/.test(s), // after two runs
      (s: string, ms: number) => ms > jitter, // anywhere
      (s: string) => /\[1\/10\]/.test(s), // right after the first of the remaining runs
    ];
    const attempts: Child[] = [];
    for (const k of kills) attempts.push(await campaign(out, k));
    const last = await campaign(out);
    const bad = w.stop();

    expect(attempts.filter((a) => a.killed).length).toBeGreaterThanOrEqual(3);
    expect(bad).toEqual([]);
    expect(w.seen()).toBeGreaterThan(0);
    expect(last.killed).toBe(false);
    expect(last.code).toBe(1);
    // Progress made before the kills was kept: the last campaign re-ran only what was missing.
    expect(last.stdout).toMatch(/\((\d+) run, (\d+) unchanged\)/);
    const [, ran, unchanged] = /\((\d+) run, (\d+) unchanged\)/.exec(last.stdout)!;
    expect(Number(ran) + Number(unchanged)).toBe(10);
    expect(Number(unchanged)).toBeGreaterThan(0);

    const files = listFiles(out);
    expect(files.filter((f) => f.split('/').some((p) => p.startsWith('.')))).toEqual([]);
    expect(files).toEqual(listFiles(ref));
    for (const f of files) expect([f, readFileSync(join(out, f), 'utf8')]).toEqual([f, readFileSync(join(ref, f), 'utf8')]);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  }, 240_000);
});
