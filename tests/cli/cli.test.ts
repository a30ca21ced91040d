import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync, lstatSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pcap } from '../builders/pcap.js';
import { ethernet, ipv4, tcp, udp } from '../builders/packets.js';
import { REPO } from '../support/corpus.js';
import { runCli } from './run-cli.js';

const DEMO = join(REPO, 'captures/demo.pcapng');
const dir = mkdtempSync(join(tmpdir(), 'ev-cli-'));
const file = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

/** A small valid capture: one TCP handshake and one UDP exchange. */
function smallCapture(): Uint8Array {
  const a = '10.0.0.1';
  const b = '93.184.216.34';
  const frame = (l4: Uint8Array, src: string, dst: string, proto: number): Uint8Array =>
    ethernet(ipv4(l4, { src, dst, proto }));
  return pcap({}, [
    { tsSec: 1_700_000_000, data: frame(tcp({ srcPort: 40000, dstPort: 443, flags: 0x02 }), a, b, 6) },
    { tsSec: 1_700_000_000, tsFrac: 1000, data: frame(tcp({ srcPort: 443, dstPort: 40000, flags: 0x12 }), b, a, 6) },
    { tsSec: 1_700_000_000, tsFrac: 2000, data: frame(udp({ srcPort: 5000, dstPort: 53, payload: new Uint8Array(12) }), a, '8.8.8.8', 17) },
  ]);
}

const oneLineError = (stderr: string, code: string): void => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(new RegExp(`^egress-verify: ${code} `));
  expect(stderr).not.toMatch(/\n\s+at /);
};

const linkTo = (target: string, name: string): string => {
  const p = join(dir, name);
  symlinkSync(target, p);
  return p;
};

describe('cli: usage and bad input', () => {
  mkdirSync(join(dir, 'adir'), { recursive: true });
  const cases = [
    { name: 'no command prints usage', argv: [], code: 0, err: null },
    { name: 'unknown command', argv: ['frobnicate'], code: 64, err: 'E_USAGE' },
    { name: 'analyze without inputs', argv: ['analyze'], code: 64, err: 'E_USAGE' },
    { name: 'unknown flag', argv: ['analyze', '--nope', 'x'], code: 64, err: 'E_USAGE' },
    { name: 'bad format', argv: ['analyze', '--format', 'xml', 'x'], code: 64, err: 'E_USAGE' },
    { name: 'bad number', argv: ['analyze', '--max-flows', '-3', 'x'], code: 64, err: 'E_USAGE' },
    { name: 'missing file', argv: ['analyze', join(dir, 'missing.pcap')], code: 66, err: 'E_INPUT_OPEN' },
    { name: 'a directory', argv: ['analyze', join(dir, 'adir')], code: 66, err: 'E_INPUT_OPEN' },
    { name: 'empty file', argv: ['analyze', file('empty.pcap', '')], code: 65, err: 'E_CAPTURE_FORMAT' },
    { name: 'an HTML page', argv: ['analyze', file('page.pcap', '<!DOCTYPE html><html><body>hi</body></html>')], code: 65, err: 'E_CAPTURE_FORMAT' },
    { name: 'random bytes', argv: ['analyze', file('random.pcap', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff)))], code: 65, err: 'E_CAPTURE_FORMAT' },
    { name: 'a good file then a bad one', argv: ['analyze', file('good.pcap', smallCapture()), join(dir, 'page.pcap')], code: 65, err: 'E_CAPTURE_FORMAT' },
    // Each of its packets would count twice (every byte figure doubled).
    { name: 'the same file twice', argv: ['analyze', join(dir, 'good.pcap'), DEMO, `${dir}/./good.pcap`], code: 64, err: 'E_USAGE' },
    { name: 'a file and a link to it', argv: ['analyze', DEMO, linkTo(DEMO, 'demo-link.pcapng')], code: 64, err: 'E_USAGE' },
    // The report written over the capture it is about (a slip: --out capture.pcap): the evidence gone.
    { name: '--out is the input', argv: ['analyze', file('victim.pcap', smallCapture()), '--out', join(dir, 'victim.pcap')], code: 64, err: 'E_USAGE' },
    { name: '--out leads to the input through a link', argv: ['analyze', file('victim2.pcap', smallCapture()), '--out', linkTo(join(dir, 'victim2.pcap'), 'victim2-link.json')], code: 64, err: 'E_USAGE' },
    { name: '--report-dir holds the input under a report name', argv: ['analyze', (mkdirSync(join(dir, 'rd'), { recursive: true }), file('rd/report.json', smallCapture())), '--report-dir', join(dir, 'rd')], code: 64, err: 'E_USAGE' },
  ];
  it.each(cases)('$name → exit $code', async ({ name, argv, code, err }) => {
    const r = await runCli(argv);
    expect(r.code).toBe(code);
    if (name.startsWith('the same file') || name.startsWith('a file and a link')) expect(r.stderr).toContain('is the same file as input 1');
    if (name.startsWith('--')) {
      expect(r.stderr).toContain('writing the report there would destroy the capture');
      // The capture is untouched.
      expect(Buffer.from(readFileSync(argv[1]!)).equals(Buffer.from(smallCapture()))).toBe(true);
    }
    if (err === null) {
      expect(r.stdout).toMatch(/^Usage: egress-verify/);
    } else {
      expect(r.stdout).toBe('');
      oneLineError(r.stderr, err);
    }
  });
});

describe('cli: several inputs', () => {
  // One TCP connection cut in two files: its handshake in the first, its data in the second.
  // Given the wrong way round, the flow splits in two and the second part turns round.
  const a = '10.0.0.1';
  const b = '93.184.216.34';
  const seg = (sec: number, from: string, to: string, sport: number, dport: number, flags: number): { tsSec: number; data: Uint8Array } =>
    ({ tsSec: sec, data: ethernet(ipv4(tcp({ srcPort: sport, dstPort: dport, flags, payload: flags === 0x18 ? new Uint8Array(100) : new Uint8Array(0) }), { src: from, dst: to, proto: 6 })) });
  const first = file('rot-1.pcap', pcap({}, [seg(1_700_000_000, a, b, 40000, 443, 0x02), seg(1_700_000_000, b, a, 443, 40000, 0x12), seg(1_700_000_001, a, b, 40000, 443, 0x10)]));
  const second = file('rot-2.pcap', pcap({}, [seg(1_700_000_005, a, b, 40000, 443, 0x18), seg(1_700_000_006, b, a, 443, 40000, 0x18), seg(1_700_000_007, a, b, 40000, 443, 0x11)]));

  it('in time order: one flow, no doubt', async () => {
    const r = await runCli(['analyze', first, second]);
    const rep = JSON.parse(r.stdout);
    expect(rep.flows).toHaveLength(1);
    expect(rep.verdict.reasons).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('out of time order (rotated files sorted file1, file10, file2): INCONCLUSIVE, naming both inputs', async () => {
    const r = await runCli(['analyze', second, first]);
    const rep = JSON.parse(r.stdout);
    expect(r.code).toBe(2);
    expect(rep.verdict.verdict).toBe('INCONCLUSIVE');
    const why = rep.verdict.reasons.find((x: { code: string }) => x.code === 'capture.inputs_out_of_order');
    expect(why.detail).toBe(`${first} (input 2) starts at 1700000000.000000000, before ${second} (input 1) ends at 1700000007.000000000: give the inputs in time order (captures taken side by side: merge them first, e.g. mergecap)`);
    expect(why.examples).toEqual([`capture:${first}`]);
  });
});

describe('cli: analyze', () => {
  it('writes a JSON report whose coverage adds up', async () => {
    const r = await runCli(['analyze', file('small.pcap', smallCapture())]);
    const rep = JSON.parse(r.stdout);
    // 93.184.216.34 is not in RU or BY: the default policy passes it.
    expect(rep.verdict.verdict).toBe('PASS');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(rep.schema).toBe('egress-verify/report@1');
    expect(rep.captures[0].format).toBe('pcap');
    expect(rep.captures[0].stop).toEqual({ kind: 'complete' });
    expect(rep.coverage.frames_read).toBe(3);
    expect(rep.coverage.frames_in_flows).toBe(3);
    expect(rep.flows).toHaveLength(2);
    const t = rep.flows[0];
    expect([t.proto, t.orig_h, t.orig_p, t.resp_h, t.resp_p, t.orig_pkts, t.resp_pkts]).toEqual(['tcp', '10.0.0.1', 40000, '93.184.216.34', 443, 1, 1]);
    expect(t.community_id).toMatch(/^1:[A-Za-z0-9+/]{27}=$/);
    expect(t.ts).toBe('1700000000.000000000');
  });

  it('gives byte-identical JSON for the same input', async () => {
    const a = await runCli(['analyze', '--reproducible', DEMO]);
    const b = await runCli(['analyze', '--reproducible', DEMO]);
    expect(a.code).toBe(1); // the demo sends data to RU: FAIL
    expect(JSON.parse(a.stdout).run).toBeUndefined();
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(a.stdout).toBe(b.stdout);
  });

  it('reads standard input the same as the file', async () => {
    const bytes = readFileSync(DEMO);
    const viaFile = JSON.parse((await runCli(['analyze', DEMO])).stdout);
    const viaStdin = JSON.parse((await runCli(['analyze', '-'], bytes)).stdout);
    expect(viaStdin.flows).toEqual(viaFile.flows);
    expect(viaStdin.captures[0].sha256).toBe(viaFile.captures[0].sha256);
    expect(viaStdin.captures[0].name).toBe('-');
  });

  it('numbers frames continuously across several files; a copy given again is INCONCLUSIVE', async () => {
    const p = file('small2.pcap', smallCapture());
    const q = file('small2-copy.pcap', smallCapture()); // another file (the same one twice is a usage error)
    const r = await runCli(['analyze', p, q]);
    const rep = JSON.parse(r.stdout);
    expect(rep.captures.map((c: { first_frame: number; frames: number }) => [c.first_frame, c.frames])).toEqual([[1, 3], [4, 3]]);
    expect(rep.coverage.frames_read).toBe(6);
    // Each of its packets was counted twice: the report must not pass on figures like that.
    expect(r.code).toBe(2);
    expect(rep.verdict.reasons.map((x: { code: string; detail: string }) => [x.code, x.detail])).toEqual([
      ['capture.duplicate_input', `${q} (input 2) has the same sha256 as ${p} (input 1): each of their packets was counted twice; give each capture once`],
    ]);
  });

  it('writes conn.log with Zeek headers', async () => {
    const r = await runCli(['analyze', '--format', 'conn', file('small3.pcap', smallCapture())]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('#separator \\x09');
    const fields = lines.find((l) => l.startsWith('#fields'))!.split('\t').slice(1);
    expect(fields.slice(0, 6)).toEqual(['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p']);
    const rows = lines.filter((l) => !l.startsWith('#'));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.split('\t')).toHaveLength(fields.length);
    expect(lines.at(-1)).toMatch(/^#close\t2023-11-14-22-13-20$/);
  });

  it('writes CSV with a header row', async () => {
    const r = await runCli(['analyze', '--format', 'csv', file('small4.pcap', smallCapture())]);
    const rows = r.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^uid,ts,duration,proto,orig_h/);
    expect(rows).toHaveLength(3);
  });

  it('--report-dir writes every format, and they agree with the report on stdout', async () => {
    const out = join(dir, 'reports-demo');
    const r = await runCli(['analyze', '--reproducible', '--format', 'md', '--report-dir', out, DEMO]);
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.verdict.verdict).toBe('FAIL');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(r.stdout);
    expect(r.stdout).toMatch(/^# egress-verify report: FAIL/);
    const conn = readFileSync(join(out, 'conn.log'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(conn).toHaveLength(json.flows.length);
    const csv = readFileSync(join(out, 'flows.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(json.flows.length + 1);
    const dest = readFileSync(join(out, 'destinations.csv'), 'utf8').trimEnd().split('\r\n');
    expect(dest).toHaveLength(json.destinations.length + 1);
    expect(dest[1]).toMatch(/^FAIL,/); // worst verdict first
    expect(r.stderr).toMatch(/reports written to .*reports-demo/);
  });

  it('an invalid policy is a one-line data error naming the path and the problem (exit 65)', async () => {
    const bad = join(dir, 'bad-policy.yaml');
    writeFileSync(bad, 'version: 1\nid: x\nmode: denylist\nrules:\n  - id: r\n    action: deny\n    countries: [RUS]\n');
    const r = await runCli(['analyze', '--policy', bad, DEMO]);
    expect(r.code).toBe(65);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/E_POLICY .*rules\[0\]\.countries\[0\]: "RUS" is not an ISO 3166-1 alpha-2 code/);
  });

  it('of several inputs, the one that is not a capture is named in the one-line error', async () => {
    const bad = file('not-a-capture.pcap', new TextEncoder().encode('hello, this is text, not a capture'));
    const r = await runCli(['analyze', DEMO, bad]);
    expect(r.code).toBe(65);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^egress-verify: E_CAPTURE_FORMAT .*not-a-capture\.pcap: unknown magic/);
  });

  it('writes to --out and nothing to stdout', async () => {
    const out = join(dir, 'report.json');
    const r = await runCli(['analyze', '--out', out, file('small5.pcap', smallCapture())]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).coverage.frames_read).toBe(3);
  });

  it('reports a truncated capture: every whole frame, where and why it stopped, and a warning', async () => {
    const whole = smallCapture();
    const cut = whole.subarray(0, whole.length - 10);
    const r = await runCli(['analyze', file('cut.pcap', cut)]);
    expect(r.code).toBe(2); // nothing proven, evidence may be missing: INCONCLUSIVE
    const rep = JSON.parse(r.stdout);
    expect(rep.verdict.reasons.map((x: { code: string }) => x.code)).toContain('capture.truncated');
    expect(rep.coverage.frames_read).toBe(2);
    expect(rep.captures[0].stop).toMatchObject({ kind: 'truncated', at_frame: 3 });
    expect(r.stderr).toMatch(/^egress-verify: warning: .*cut\.pcap: truncated at frame 3/);
  });
});

describe('cli: limits', () => {
  it('--max-flows evicts the least recently seen flow early, counts it, and loses no packet', async () => {
    const free = JSON.parse((await runCli(['analyze', DEMO])).stdout);
    const capped = JSON.parse((await runCli(['analyze', '--max-flows', '2', DEMO])).stdout);
    expect(free.flow_table.evicted_at_cap).toBe(0);
    expect(capped.flow_table.evicted_at_cap).toBeGreaterThan(0);
    expect(capped.flow_table.max_active).toBeLessThanOrEqual(2);
    expect(capped.coverage).toEqual(free.coverage);
    const pkts = (r: { flows: { orig_pkts: number; resp_pkts: number }[] }): number => r.flows.reduce((n, f) => n + f.orig_pkts + f.resp_pkts, 0);
    expect(pkts(capped)).toBe(pkts(free));
    expect(capped.flows.some((f: { end_reason: string }) => f.end_reason === 'evicted')).toBe(true);
  });

  it('--udp-timeout splits a UDP conversation with a longer silence into two flows', async () => {
    const pkt = (sec: number): { tsSec: number; data: Uint8Array } => ({
      tsSec: sec,
      data: ethernet(ipv4(udp({ srcPort: 5000, dstPort: 9999, payload: new Uint8Array(4) }), { src: '10.0.0.1', dst: '192.0.2.9', proto: 17 })),
    });
    const p = file('gap.pcap', pcap({}, [pkt(1_700_000_000), pkt(1_700_000_010), pkt(1_700_000_100)]));
    const dflt = JSON.parse((await runCli(['analyze', p])).stdout);
    const short = JSON.parse((await runCli(['analyze', '--udp-timeout', '30', p])).stdout);
    expect(dflt.flows).toHaveLength(2);
    expect(short.flows).toHaveLength(2);
    const long = JSON.parse((await runCli(['analyze', '--udp-timeout', '120', p])).stdout);
    expect(long.flows).toHaveLength(1);
    expect(short.flows.map((f: { orig_pkts: number }) => f.orig_pkts)).toEqual([2, 1]);
  });
});

describe('cli: as a process', () => {
  it('npm run --silent cli prints only the report on stdout', () => {
    const r = spawnSync('npm', ['run', '--silent', 'cli', '--', 'analyze', 'captures/demo.pcapng'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(1); // the demo's verdict is FAIL
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(existsSync(DEMO)).toBe(true);
  });
});

describe('cli: standard input, as a process', () => {
  // A good frame, then a record header claiming 1.4 GB: reading stops there (corrupt). The hashing
  // worker of a stream of unknown length was left running and held the process open for ever
  // (the report written, the process never exiting), in analyze - and in monitor alike.
  const good = pcap({}, [{ tsSec: 1_700_000_000, data: ethernet(ipv4(udp({ srcPort: 5000, dstPort: 53, payload: new Uint8Array(20) }), { src: '10.0.0.1', dst: '192.168.1.1', proto: 17 })) }]);
  const bogus = new Uint8Array(20);
  new DataView(bogus.buffer).setUint32(8, 0x54000000, true); // incl_len
  new DataView(bogus.buffer).setUint32(12, 0x54000000, true); // orig_len
  const damaged = file('damaged-stdin.pcap', new Uint8Array([...good, ...bogus]));
  const damagedGz = file('damaged-stdin.pcap.gz', gzipSync(readFileSync(damaged)));

  // The worker hashing standard input keeps the process alive while the reader awaits its digest:
  // without it Node ends an unsettled top-level await with exit 13 (a version that unref'd it did).
  it.each([
    { how: 'a file', sh: 'npx tsx src/cli/bin.ts analyze - --format json < captures/demo.pcapng' },
    { how: 'a pipe', sh: 'cat captures/demo.pcapng | npx tsx src/cli/bin.ts analyze - --format json' },
  ])('analyze - from $how: the whole capture, hashed, exit 1 (the demo fails)', ({ sh }) => {
    const r = spawnSync('sh', ['-c', sh], { cwd: REPO, encoding: 'utf8', timeout: 30_000 });
    expect([r.signal, r.status, r.stderr]).toEqual([null, 1, '']);
    const c = JSON.parse(r.stdout).captures[0];
    expect([c.stop.kind, c.sha256]).toEqual(['complete', createHash('sha256').update(readFileSync(join(REPO, 'captures/demo.pcapng'))).digest('hex')]);
  }, 40_000);

  it.each([
    { how: 'analyze - < file', sh: `npx tsx src/cli/bin.ts analyze - --format json < ${damaged}` },
    { how: 'analyze - < gzipped file', sh: `npx tsx src/cli/bin.ts analyze - --format json < ${damagedGz}` },
    { how: 'monitor < file', sh: `npx tsx src/cli/bin.ts monitor --out /dev/null < ${damaged}` },
  ])('$how: the report, then the process ends (exit 2)', ({ how, sh }) => {
    const r = spawnSync('sh', ['-c', sh], { cwd: REPO, encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.status).toBe(2);
    if (how.startsWith('analyze')) expect(JSON.parse(r.stdout).captures[0].stop.kind).toBe('corrupt');
    else expect(r.stdout).toContain('"code":"capture.corrupt"');
  }, 40_000);

  it('analyze - from a pipe its writer keeps open: the report, then the process ends (exit 2)', async () => {
    const child = spawn('npx', ['tsx', 'src/cli/bin.ts', 'analyze', '-', '--format', 'json'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stdin.write(readFileSync(damaged)); // and never ended, as a live tcpdump would not end it
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    clearTimeout(killer);
    child.stdin.destroy();
    expect(signal).toBeNull();
    expect(code).toBe(2);
    expect(JSON.parse(out).captures[0].stop.kind).toBe('corrupt');
  }, 40_000);
});

describe('cli: a named pipe as the input', () => {
  const HAVE_MKFIFO = spawnSync('mkfifo', ['--version'], { stdio: 'ignore' }).status === 0;
  // The input check opened and closed the pipe: the writer's side ended there, and the real open
  // then waited for a writer for ever (analyze <fifo> never returned, whatever the capture).
  it.skipIf(!HAVE_MKFIFO).each([
    { what: 'the demo', bytes: () => readFileSync(DEMO), code: 1, stop: 'complete' },
    { what: 'a damaged capture', bytes: () => readFileSync(join(dir, 'damaged-stdin.pcap')), code: 2, stop: 'corrupt' },
  ])('$what written into a named pipe: read once, to its end', ({ what, bytes, code, stop }) => {
    const fifo = join(dir, `${what.replace(/ /g, '-')}.fifo`);
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const src = file(`${what.replace(/ /g, '-')}.bytes`, bytes());
    const r = spawnSync('sh', ['-c', `cat "${src}" > "${fifo}" & exec npx tsx src/cli/bin.ts analyze "${fifo}"`], { cwd: REPO, encoding: 'utf8', timeout: 30_000 });
    expect([r.signal, r.status]).toEqual([null, code]);
    const c = JSON.parse(r.stdout).captures[0];
    expect(c.stop.kind).toBe(stop);
    if (stop === 'complete') expect(c.sha256).toBe(createHash('sha256').update(bytes()).digest('hex'));
  }, 40_000);
  if (!HAVE_MKFIFO) it.skip('mkfifo is needed to make a named pipe', () => {});
});

describe('cli: --out through a symbolic link', () => {
  // As /dev/stdout is (a link to /proc/self/fd/1): the report was renamed over the link itself,
  // so `--out /dev/stdout` with standard output sent to a file replaced /dev/stdout with a file.
  it('writes through the link into its target and leaves the link a link', async () => {
    const target = file('link-target.json', 'old');
    const link = join(dir, 'report-link.json');
    symlinkSync(target, link);
    const r = await runCli(['analyze', '--reproducible', DEMO, '--out', link]);
    expect(r.code).toBe(1);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(JSON.parse(readFileSync(target, 'utf8')).schema).toBe('egress-verify/report@1');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('still writes a plain file atomically (nothing left beside it)', async () => {
    const out = file('plain-report.json', 'old');
    const r = await runCli(['analyze', '--reproducible', DEMO, '--out', out]);
    expect(r.code).toBe(1);
    expect(lstatSync(out).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).schema).toBe('egress-verify/report@1');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('cli: a report that cannot be written', () => {
  // /dev/full answers every write with ENOSPC, as a full disk does (Linux).
  const FULL = existsSync('/dev/full');

  it.skipIf(!FULL)('--out on a full disk: one line naming the file, exit 73, no stack trace', () => {
    const r = spawnSync('npx', ['tsx', 'src/cli/bin.ts', 'analyze', 'captures/demo.pcapng', '--out', '/dev/full'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(73);
    expect(r.stderr).toBe('egress-verify: E_OUTPUT /dev/full: cannot write report (ENOSPC)\n');
  });

  it.skipIf(!FULL)('standard output on a full disk: one line, exit 73, no stack trace', () => {
    const r = spawnSync('sh', ['-c', 'npx tsx src/cli/bin.ts analyze captures/demo.pcapng --format csv > /dev/full'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(73);
    expect(r.stderr).toBe('egress-verify: E_OUTPUT standard output: cannot write report (ENOSPC)\n');
  });
  if (!FULL) it.skip('/dev/full is needed to stand for a full disk', () => {});

  it('standard output that stops reading (| head) ends the run quietly', () => {
    const r = spawnSync('sh', ['-c', 'npx tsx src/cli/bin.ts analyze captures/demo.pcapng | head -c 1'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('{');
    expect(r.stderr).toBe('');
  });
});

describe('cli: a report of many megabytes', () => {
  it('is the same on a stream that hands its buffers on (a PassThrough) as in a file, in every format', async () => {
    // 6,000 UDP flows: several 1 MiB write batches in every format.
    const frames = Array.from({ length: 6000 }, (_, i) => ({
      tsSec: 1_700_000_000 + i,
      data: ethernet(ipv4(udp({ srcPort: 10000 + (i % 50000), dstPort: 443, payload: new Uint8Array(40) }), { src: '10.0.0.1', dst: `93.184.${i >> 8}.${i & 255}`, proto: 17 })),
    }));
    const cap = file('many-flows.pcap', pcap({}, frames));
    for (const format of ['json', 'conn', 'csv']) {
      const out = join(dir, `many-flows.${format}`);
      const viaStdout = await runCli(['analyze', '--reproducible', '--format', format, cap]);
      const viaFile = await runCli(['analyze', '--reproducible', '--format', format, '--out', out, cap]);
      expect([viaStdout.code, viaFile.code]).toEqual([0, 0]);
      expect(viaStdout.stdout.length).toBeGreaterThan(1048576);
      expect(viaStdout.stdout).toBe(readFileSync(out, 'utf8'));
    }
  }, 60_000);
});
