/**
 * `egress-verify monitor`: alerts arrive while the stream is still being written, the final report
 * equals `analyze` on the same capture, SIGTERM finishes the report with what was read, and a live
 * capture with tcpdump on the loopback interface (where tcpdump runs) raises the alert.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openCapture } from '../../src/capture/index.js';
import { AnomalyLog, DEFAULT_LIMITS } from '../../src/core/index.js';
import { REPO } from '../support/corpus.js';
import { runCli } from './run-cli.js';

const DEMO = join(REPO, 'captures/demo.pcapng');
const dir = mkdtempSync(join(tmpdir(), 'ev-monitor-'));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every frame of a capture file (copied), read with the project's own reader. */
async function framesOf(path: string): Promise<{ data: Uint8Array; tsNs: bigint }[]> {
  const cap = await openCapture({ name: path, stream: createReadStream(path) }, { limits: DEFAULT_LIMITS, firstFrame: 1, input: 0, anomalies: new AnomalyLog(1) });
  const out: { data: Uint8Array; tsNs: bigint }[] = [];
  await cap.forEachFrame((f) => {
    out.push({ data: f.data.slice(), tsNs: f.tsNs });
  });
  return out;
}

interface Line { readonly at: number; readonly event: { event_type: string; [k: string]: unknown } }

/** Runs monitor in-process on `stdin`, recording when each stdout line arrived. */
async function monitor(argv: readonly string[], stdin: NodeJS.ReadableStream, onSignal?: (h: (s: string) => void) => () => void, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; lines: Line[]; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const lines: Line[] = [];
  let buf = '';
  out.on('data', (c: Buffer) => {
    buf += c.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push({ at: Date.now(), event: JSON.parse(buf.slice(0, i)) as Line['event'] });
      buf = buf.slice(i + 1);
    }
  });
  let e = '';
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await main(['monitor', ...argv], { stdin, stdout: out, stderr: err, stderrIsTTY: false, env, ...(onSignal === undefined ? {} : { onSignal }) });
  return { code, lines, stderr: e };
}

/** The demo capture written in 16 chunks with a pause after each; `ended` is when the last byte went. */
function slowWriter(bytes: Buffer, pauseMs: number): { stream: Readable; ended: () => number } {
  let endedAt = 0;
  const chunks = 16;
  const size = Math.ceil(bytes.length / chunks);
  async function* gen(): AsyncGenerator<Buffer> {
    for (let i = 0; i < chunks; i++) {
      yield bytes.subarray(i * size, (i + 1) * size);
      await sleep(pauseMs);
    }
    endedAt = Date.now();
  }
  return { stream: Readable.from(gen()), ended: () => endedAt };
}

describe('monitor: alerts while the stream is written', () => {
  it('raises the RU alert before the stream ends, and its final report equals analyze', async () => {
    const w = slowWriter(readFileSync(DEMO), 60);
    const out = join(dir, 'final.json');
    const r = await monitor(['--reproducible', '--out', out], w.stream);
    expect(r.code).toBe(1);
    const alerts = r.lines.filter((l) => l.event.event_type === 'alert');
    expect(alerts.length).toBeGreaterThanOrEqual(4);
    const first = alerts[0]!;
    expect(first.at).toBeLessThan(w.ended());
    expect(first.event).toMatchObject({ verdict: 'FAIL', frame: 17, raised: 'first-payload', name: 'push.yandex.ru', flow: { resp_h: '5.255.255.158', resp_p: 443 } });
    expect((first.event['reasons'] as { code: string }[]).map((x) => x.code)).toContain('flow.denied_country');
    expect(String((first.event['flow'] as { community_id: string }).community_id)).toMatch(/^1:/);
    const last = r.lines.at(-1)!.event;
    expect(last).toMatchObject({ event_type: 'verdict', verdict: 'FAIL', frames_read: 471, stopped_by: null });
    // The final report is analyze's, except that the input is named '-' (standard input).
    const viaAnalyze = JSON.parse((await runCli(['analyze', '--reproducible', DEMO])).stdout);
    const viaMonitor = JSON.parse(readFileSync(out, 'utf8'));
    viaAnalyze.captures[0].name = '-';
    expect(viaMonitor).toEqual(viaAnalyze);
  });

  it('--report-every rewrites the report while the stream is read; the last one is the final report', async () => {
    const w = slowWriter(readFileSync(DEMO), 150);
    const out = join(dir, 'rolling.json');
    const seen: { frames: number; stop: string; active: number; verdict: string }[] = [];
    const poll = setInterval(() => {
      try {
        const r = JSON.parse(readFileSync(out, 'utf8'));
        seen.push({ frames: r.coverage.frames_read, stop: r.captures[0].stop.kind, active: r.flows.filter((f: { end_reason: string }) => f.end_reason === 'active').length, verdict: r.verdict.verdict });
      } catch {
        // not written yet (never half-written: the writes are atomic, so a parse error means absent)
      }
    }, 100);
    const r = await monitor(['--reproducible', '--report-every', '1', '--out', out], w.stream);
    clearInterval(poll);
    expect(r.code).toBe(1);
    const partial = seen.filter((x) => x.stop === 'truncated');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial[0]!.frames).toBeLessThan(471);
    const final = JSON.parse(readFileSync(out, 'utf8'));
    expect(final.captures[0].stop.kind).toBe('complete');
    expect(final.coverage.frames_read).toBe(471);
    expect(final.flows.some((f: { end_reason: string }) => f.end_reason === 'active')).toBe(false);
  });

  it('with every kept flow in the temporary file, rolling reports are read from it while flows are added, and the events and final report are the same', async () => {
    const run = async (spool: string, name: string): Promise<{ events: string[]; final: string; rolling: number }> => {
      const out = join(dir, name);
      let rolling = 0;
      const poll = setInterval(() => {
        try {
          if (JSON.parse(readFileSync(out, 'utf8')).captures[0].stop.kind === 'truncated') rolling++;
        } catch {
          // not written yet
        }
      }, 100);
      const r = await monitor(['--reproducible', '--report-every', '1', '--out', out], slowWriter(readFileSync(DEMO), 150).stream, undefined, { EGRESS_VERIFY_SPOOL_AFTER: spool });
      clearInterval(poll);
      expect([r.code, r.stderr]).toEqual([1, '']);
      return { events: r.lines.map((l) => JSON.stringify(l.event)), final: readFileSync(out, 'utf8'), rolling };
    };
    const spooled = await run('0', 'spooled.json');
    const memory = await run('1000000', 'memory.json');
    expect(spooled.rolling).toBeGreaterThan(0);
    expect(spooled.events).toEqual(memory.events);
    expect(spooled.final).toBe(memory.final);
  }, 30_000);

  it('--max-report-flows folds PASS flows into counts, keeps every FAIL flow, and the verdict stays FAIL', async () => {
    const out = join(dir, 'folded.json');
    const r = await monitor(['--reproducible', '--max-report-flows', '5', '--out', out], Readable.from([readFileSync(DEMO)]));
    expect(r.code).toBe(1);
    const rep = JSON.parse(readFileSync(out, 'utf8'));
    const folded = rep.flow_table.folded;
    expect(folded.pass + folded.ignored + folded.inconclusive + rep.flows.length).toBe(41);
    expect(folded.pass).toBeGreaterThan(0);
    expect(rep.flows.filter((f: { verdict: string }) => f.verdict === 'FAIL')).toHaveLength(4);
    expect(rep.verdict.verdict).toBe('FAIL');
  });

  it('a clean stream gives no alert and a PASS verdict line', async () => {
    const clean = readFileSync(join(REPO, 'captures/av-clean.pcapng'));
    const r = await monitor([], Readable.from([clean]));
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.event.event_type)).toEqual(['verdict']);
  });

  it('SIGTERM stops reading, writes the report of what was read and the verdict', async () => {
    const bytes = readFileSync(DEMO);
    let fire: ((s: string) => void) | undefined;
    const input = new PassThrough();
    input.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    const out = join(dir, 'stopped.json');
    const pending = monitor(['--reproducible', '--out', out], input, (h) => {
      fire = h;
      return () => undefined;
    });
    await sleep(300);
    fire!('SIGTERM');
    const r = await pending;
    const last = r.lines.at(-1)!.event;
    expect(last).toMatchObject({ event_type: 'verdict', stopped_by: 'SIGTERM' });
    const rep = JSON.parse(readFileSync(out, 'utf8'));
    expect(rep.coverage.frames_read).toBeGreaterThan(0);
    expect(rep.coverage.frames_read).toBeLessThan(471);
    expect(r.stderr).toMatch(/SIGTERM: finishing the report/);
  });

  it('--alert-cmd gets each alert on its standard input', async () => {
    const sink = join(dir, 'alerts.ndjson');
    const r = await monitor(['--alert-cmd', `cat >> '${sink}'`], Readable.from([readFileSync(DEMO)]));
    expect(r.code).toBe(1);
    await sleep(300);
    const got = readFileSync(sink, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event_type: string });
    expect(got.length).toBe(r.lines.filter((l) => l.event.event_type === 'alert').length);
  });

  it('--save: the frame an alert names, read back from the saved file, is the packet that raised it', async () => {
    const saveDir = join(dir, 'saved');
    const r = await monitor(['--save', saveDir, '--rotate', '8K', '--keep', '1000'], Readable.from([readFileSync(DEMO)]));
    expect(r.code).toBe(1);
    const alerts = r.lines.filter((l) => l.event.event_type === 'alert').map((l) => l.event as unknown as { frame: number; saved: { file: string; frame: number } });
    expect(alerts.length).toBeGreaterThanOrEqual(4);
    const original = await framesOf(DEMO);
    const files = new Set<string>();
    for (const a of alerts) {
      files.add(a.saved.file);
      const saved = await framesOf(join(saveDir, a.saved.file));
      expect(Buffer.from(saved[a.saved.frame - 1]!.data)).toEqual(Buffer.from(original[a.frame - 1]!.data));
      expect(saved[a.saved.frame - 1]!.tsNs).toBe(original[a.frame - 1]!.tsNs);
    }
    expect(files.size).toBeGreaterThan(1); // rotated at 8 KiB
    // Every frame was saved, in order, across the files.
    const all = (await Promise.all(readdirSync(saveDir).sort().map((f) => framesOf(join(saveDir, f))))).flat();
    expect(all).toHaveLength(471);
  });

  it('--keep bounds the saved files', async () => {
    const saveDir = join(dir, 'saved-keep');
    await monitor(['--save', saveDir, '--rotate', '8K', '--keep', '2'], Readable.from([readFileSync(DEMO)]));
    expect(readdirSync(saveDir)).toHaveLength(2);
  });

  it('files are refused: monitor reads a stream', async () => {
    const r = await runCli(['monitor', DEMO]);
    expect(r.code).toBe(64);
  });
});

const HAVE_TCPDUMP = spawnSync('tcpdump', ['--version'], { stdio: 'ignore' }).status === 0;
/** tcpdump says "listening on lo" once it may capture there (it then waits, and is stopped by the timeout). */
const CAN_CAPTURE = HAVE_TCPDUMP && /listening on/.test(spawnSync('tcpdump', ['-i', 'lo', '-c', '1', '-w', '/dev/null', 'tcp port 1'], { timeout: 1500, encoding: 'utf8' }).stderr ?? '');
if (!CAN_CAPTURE) console.log('monitor --interface test skipped: tcpdump is not installed or may not capture on lo');

describe.skipIf(!CAN_CAPTURE)('monitor --interface lo (tcpdump present and allowed to capture)', () => {
  it('a live TCP connection to 127.0.0.1, overridden to RU, raises an alert; SIGTERM gives the final report', async () => {
    const overrides = join(dir, 'lo-ru.json');
    writeFileSync(overrides, JSON.stringify({ format: 'egress-verify-geo-overrides/1', overrides: [{ cidr: '127.0.0.0/8', country: 'RU', note: 'test: loopback treated as a forbidden country' }] }));
    const server = createServer((s) => { s.on('data', () => s.end('ok')); s.resume(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const out = join(dir, 'live.json');
    const cli = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/bin.ts'), 'monitor', '--interface', 'lo', '--geo-overrides', overrides, '--out', out], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    cli.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    await sleep(2500); // tcpdump up
    for (let i = 0; i < 3 && !stdout.includes('"alert"'); i++) {
      await new Promise<void>((r) => { const c = createConnection(port, '127.0.0.1', () => c.end('telemetry payload')); c.resume(); c.on('close', () => r()); c.on('error', () => r()); });
      await sleep(1500);
    }
    expect(stdout, stderr).toContain('"event_type":"alert"');
    cli.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => cli.on('exit', (c) => r(c)));
    server.close();
    expect(code).toBe(1);
    expect(stdout.trim().split('\n').at(-1)).toContain('"stopped_by":"SIGTERM"');
    expect(JSON.parse(readFileSync(out, 'utf8')).verdict.verdict).toBe('FAIL');
  }, 30_000);
});
