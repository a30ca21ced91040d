// Runs one command and measures wall time (hrtime), peak RSS and CPU time.
// Peak RSS method: GNU /usr/bin/time -f '%e %M %U %S' (-o to a temp file) when present,
// else polling VmHWM in /proc/<pid>/status every 5 ms (may miss a last-moment peak).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** Which peak-RSS method this machine uses. */
export function rssMethod() {
  return existsSync(GNU_TIME) ? 'GNU /usr/bin/time %M (max resident set size of the child)' : 'polling VmHWM in /proc/<pid>/status every 5 ms';
}

/**
 * Runs argv[0] with argv[1..]; resolves {ok, code, wallS, rssKiB, cpuS, stdout, stderrTail}.
 * stdout is captured only when captureStdout is true (else discarded); `okCodes` are the exit codes
 * that mean success (analyze exits 1 for FAIL and 2 for INCONCLUSIVE).
 */
export function measure(argv, { env = process.env, captureStdout = false, cwd = process.cwd(), okCodes = [0] } = {}) {
  const useTime = existsSync(GNU_TIME);
  const dir = mkdtempSync(join(tmpdir(), 'ev-bench-'));
  const timeOut = join(dir, 'time.txt');
  const cmd = useTime ? [GNU_TIME, '-f', '%e %M %U %S', '-o', timeOut, ...argv] : argv;
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd[0], cmd.slice(1), { env, cwd, stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '', stderr = '', hwm = 0;
    child.stdout?.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-16000); });
    const poll = useTime ? null : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwm = Math.max(hwm, Number(m[1]));
      } catch { /* exited */ }
    }, 5);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      if (poll) clearInterval(poll);
      let rssKiB = hwm, cpuS = NaN;
      if (useTime) {
        try {
          const last = readFileSync(timeOut, 'utf8').trim().split('\n').pop() ?? '';
          const [, m, u, s] = last.split(' ').map(Number);
          rssKiB = m; cpuS = u + s;
        } catch { /* time failed */ }
      }
      rmSync(dir, { recursive: true, force: true });
      const lines = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('Command exited') && !l.includes('Running as user') && !l.startsWith('{'));
      // V8's out-of-memory abort ends with native frames: keep its FATAL ERROR line in view.
      const fatal = lines.find((l) => l.includes('FATAL ERROR'));
      const stderrTail = [...(fatal === undefined ? [] : [fatal]), ...lines.slice(-3).filter((l) => l !== fatal)].join(' | ');
      resolve({ ok: okCodes.includes(code), code, wallS, rssKiB, cpuS, stdout, stderr, stderrTail });
    });
  });
}
