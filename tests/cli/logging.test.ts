import { PassThrough, Readable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ProgressBar } from '../../src/cli/progress.js';
import { REPO } from '../support/corpus.js';

const DEMO = join(REPO, 'captures/demo.pcapng');

async function run(argv: string[], tty: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await main(argv, { stdin: Readable.from([]), stdout: out, stderr: err, stderrIsTTY: tty, env: {} });
  return { code, stdout: o, stderr: e };
}

describe('logs and progress go to stderr only', () => {
  it('--log-level info writes pino JSON lines on stderr, the report alone on stdout', async () => {
    const r = await run(['analyze', '--log-level', 'info', DEMO], false);
    expect(r.code).toBe(1); // the demo's verdict is FAIL
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string; name: string });
    expect(lines.some((l) => l.msg === 'analysis finished' && l.level === 30 && l.name === 'egress-verify')).toBe(true);
    expect(JSON.parse(r.stdout).schema).toBe('egress-verify/report@1');
  });

  it('--log-level silent writes nothing on stderr', async () => {
    const r = await run(['analyze', '--log-level', 'silent', DEMO], false);
    expect(r.stderr).toBe('');
  });

  it('--progress draws a bar on stderr and erases it; stdout stays the report', async () => {
    const r = await run(['analyze', '--progress', DEMO], false);
    expect(r.code).toBe(1);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('the bar shows percentage for files and strips control characters from names', () => {
    const s = new PassThrough();
    let text = '';
    s.on('data', (c: Buffer) => (text += c.toString()));
    const bar = new ProgressBar(s);
    bar.update('evil\x1b[31mname', 50, 100);
    expect(text).toContain(' 50%');
    expect(text).not.toContain('\x1b[31m');
    bar.done();
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });
});
