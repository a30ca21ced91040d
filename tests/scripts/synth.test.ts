import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Prng, synthesizeFiles, formatIp, parseIp, loadPrefixTable } from '../../scripts/synth/index.js';
import { FrameBuilder, ACK, PSH, SYN, fold, sum16, type Path } from '../../scripts/synth/packets.js';
import { initialKeys } from '../../scripts/synth/quic.js';
import { DEMO_PROFILE, writeCaptures } from '../../scripts/make-demo-captures.js';
import { AV_SCENARIOS } from '../../scripts/synth/av-scenarios.js';
import { makeWalker } from '../../bench/walk.mjs';

const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
const TSHARK = '/usr/bin/tshark';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'ev-synth-'));

function walk(bytes: Buffer, chunk: number): { packets: number; bytes: number; format: string } {
  const w = makeWalker();
  for (let i = 0; i < bytes.length; i += chunk) w.feed(bytes.subarray(i, i + chunk));
  return w.result();
}

const PATH4: Path = {
  client: { mac: Uint8Array.from([2, 0, 0, 0, 0, 1]), ip: parseIp('192.168.1.10') },
  server: { mac: Uint8Array.from([2, 0, 0, 0, 0, 2]), ip: parseIp('93.184.216.34') },
  v6: false, clientPort: 50000, serverPort: 443, serverTtl: 55, ipIdC: 1, ipIdS: 2,
};
const PATH6: Path = { ...PATH4, v6: true, client: { ...PATH4.client, ip: parseIp('2001:db8:1:1::10') }, server: { ...PATH4.server, ip: parseIp('2a02:6b8::2:242') } };

describe('synth/prng', () => {
  it.each([
    { name: 'same seed, same stream', a: 42, b: 42, equal: true },
    { name: 'different seed, different stream', a: 42, b: 43, equal: false },
  ])('$name', ({ a, b, equal }) => {
    const x = new Prng(a), y = new Prng(b);
    const xs = Array.from({ length: 8 }, () => x.u32());
    const ys = Array.from({ length: 8 }, () => y.u32());
    expect(xs.every((v, i) => v === ys[i])).toBe(equal);
  });
});

describe('synth/hosts', () => {
  it.each([
    { text: '2001:db8:1:1::1', expected: '2001:db8:1:1::1' },
    { text: '2a02:6b8:0:0:0:0:0:1', expected: '2a02:6b8::1' },
    { text: '2001:0:0:1:0:0:0:1', expected: '2001:0:0:1::1' },
    { text: '1.1.1.1', expected: '1.1.1.1' },
  ])('formats $text as $expected (RFC 5952)', ({ text, expected }) => {
    expect(formatIp(parseIp(text))).toBe(expected);
  });

  it('loads a prefix table of 30-60 rows with a country each', () => {
    const t = loadPrefixTable();
    expect(t.length).toBeGreaterThanOrEqual(30);
    expect(t.length).toBeLessThanOrEqual(60);
    expect(t.every((r) => /^[A-Z]{2}$/.test(r.country) && (r.base.length === 4 || r.base.length === 16))).toBe(true);
  });
});

describe('synth/packets checksums', () => {
  it.each([
    { name: 'IPv4 SYN', path: PATH4, flags: SYN, len: 0 },
    { name: 'IPv4 data odd length', path: PATH4, flags: ACK | PSH, len: 333 },
    { name: 'IPv6 data full MSS', path: PATH6, flags: ACK, len: 1440 },
  ])('$name: TCP checksum verifies and frame is 60..1514 bytes', ({ path, flags, len }) => {
    const b = new FrameBuilder();
    b.buf.fill(0xab, b.payloadOffset(path, 'tcp'), b.payloadOffset(path, 'tcp') + len);
    const n = b.tcp(path, true, flags, 1000, 2000, len);
    expect(n).toBeGreaterThanOrEqual(60);
    expect(n).toBeLessThanOrEqual(1514);
    const l3 = 14, l4 = path.v6 ? 54 : 34;
    const l4Len = path.v6 ? b.buf.readUInt16BE(18) : b.buf.readUInt16BE(16) - 20;
    if (!path.v6) expect(fold(sum16(b.buf, l3, l3 + 20, 0))).toBe(0);
    const pseudo = path.v6 ? sum16(b.buf, 22, 54, 0) : sum16(b.buf, 26, 34, 0);
    expect(fold(sum16(b.buf, l4, l4 + l4Len, pseudo + 6 + l4Len))).toBe(0);
  });

  it('UDP checksum verifies over IPv6', () => {
    const b = new FrameBuilder();
    const n = b.udp({ ...PATH6, serverPort: 53 }, true, 0);
    expect(n).toBe(62);
    expect(fold(sum16(b.buf, 54, 62, sum16(b.buf, 22, 54, 0) + 17 + 8))).toBe(0);
  });
});

describe('synth/quic', () => {
  it('derives the RFC 9001 Appendix A.1 client Initial keys', () => {
    const k = initialKeys(Buffer.from('8394c8f03e515708', 'hex'), 'client');
    expect([k.key.toString('hex'), k.iv.toString('hex'), k.hp.toString('hex')]).toEqual([
      '1f369613dd76d5467730efcbe3b1a22d', 'fa044b2f42a3fd3b46fb255c', '9f50449e04a0e810283a1e9933adedd2',
    ]);
  });
});

describe('synthesized captures', () => {
  const dir = tmp();
  const small = { targetBytes: 2_000_000, seed: 99 };
  const files = { pcap: join(dir, 's.pcap'), pcapng: join(dir, 's.pcapng') };
  const run = synthesizeFiles([{ path: files.pcap, format: 'pcap' }, { path: files.pcapng, format: 'pcapng' }], small);

  it('writes the same packets as pcap and pcapng, and the walker agrees at any chunking', async () => {
    const s = await run;
    const pcap = readFileSync(files.pcap), ng = readFileSync(files.pcapng);
    expect(pcap.length).toBe(s.bytes);
    for (const chunk of [1, 7, 23, 4096, 1 << 22]) {
      expect(walk(pcap, chunk)).toEqual({ packets: s.packets, bytes: expect.any(Number), format: 'pcap' });
      expect(walk(ng, chunk)).toEqual({ ...walk(pcap, 1 << 22), format: 'pcapng' });
    }
  });

  it('is byte-identical for the same seed and differs for another', async () => {
    await run;
    const again = join(dir, 'again.pcap'), other = join(dir, 'other.pcap');
    await synthesizeFiles([{ path: again, format: 'pcap' }], small);
    await synthesizeFiles([{ path: other, format: 'pcap' }], { ...small, seed: 100 });
    expect(readFileSync(again).equals(readFileSync(files.pcap))).toBe(true);
    expect(readFileSync(other).equals(readFileSync(files.pcap))).toBe(false);
  });

  it('demo profile is deterministic and matches the committed captures/demo.pcapng', async () => {
    const a = join(dir, 'demo-a.pcapng'), b = join(dir, 'demo-b.pcapng');
    await synthesizeFiles([{ path: a, format: 'pcapng' }], DEMO_PROFILE);
    await synthesizeFiles([{ path: b, format: 'pcapng' }], DEMO_PROFILE);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const committed = join(REPO, 'captures/demo.pcapng');
    if (existsSync(committed)) expect(readFileSync(committed).equals(readFileSync(a))).toBe(true);
  });

  describe('npm run demo:captures', () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'ev-captures-')), mkdtempSync(join(tmpdir(), 'ev-captures-'))] as const;
    const runs = Promise.all([writeCaptures(dirs[0]), writeCaptures(dirs[1])]);
    const names = ['demo.pcapng', ...AV_SCENARIOS.map((sc) => sc.file)];

    it('writes the demo and every scenario capture', async () => {
      const [first] = await runs;
      expect(first.files.map((f) => f.file)).toEqual(names);
    });

    it.each(names)('%s: two runs give identical bytes, equal to the committed capture', async (name) => {
      await runs;
      const a = readFileSync(join(dirs[0], name));
      expect(a.equals(readFileSync(join(dirs[1], name)))).toBe(true);
      expect(a.equals(readFileSync(join(REPO, 'captures', name)))).toBe(true);
    });

    it('renders the committed captures/README.md', async () => {
      const [first, second] = await runs;
      expect(second.readme).toBe(first.readme);
      expect(first.readme).toBe(readFileSync(join(REPO, 'captures/README.md'), 'utf8'));
    });

    it.each(AV_SCENARIOS.map((sc) => sc.file))('%s is small: tens to a few hundred packets', async (name) => {
      const [first] = await runs;
      const f = first.files.find((x) => x.file === name);
      expect(f?.packets).toBeGreaterThanOrEqual(20);
      expect(f?.packets).toBeLessThanOrEqual(500);
    });
  });

  describe.skipIf(!existsSync(TSHARK))('read by tshark', () => {
    const tshark = (file: string, args: string[]): string =>
      execFileSync(TSHARK, ['-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', ...args], {
        env: { ...process.env, WIRESHARK_CONFIG_DIR: tmp() }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20,
      });

    it.each(['pcap', 'pcapng'] as const)('%s: no malformed packets, bad checksums or TCP sequence problems', async (fmt) => {
      await run;
      const file = files[fmt];
      const bad = tshark(file, ['-Y', '_ws.malformed || _ws.expert.severity == "error" || tcp.analysis.flags && !tcp.analysis.window_update', '-T', 'fields', '-e', 'frame.number', '-e', '_ws.expert.message']);
      expect(bad.trim()).toBe('');
    });

    it.each(AV_SCENARIOS.map((sc) => ({ file: sc.file, sc })))('committed $file: no bad packets; tshark sees the described SNIs and lookups', ({ sc }) => {
      const file = join(REPO, 'captures', sc.file);
      const bad = tshark(file, ['-Y', '_ws.malformed || _ws.expert.severity == "error" || tcp.analysis.flags && !tcp.analysis.window_update', '-T', 'fields', '-e', 'frame.number']);
      expect(bad.trim()).toBe('');
      const rows = tshark(file, ['-Y', 'tls.handshake.type == 1 || dns.flags.response == 1', '-T', 'fields', '-E', 'separator=|',
        '-e', 'quic.version', '-e', 'tls.handshake.extensions_server_name', '-e', 'dns.qry.name']).split('\n').filter((l) => l !== '').map((l) => l.split('|'));
      const seen = (pick: (r: string[]) => string | undefined): string[] => [...new Set(rows.map(pick).filter((x): x is string => x !== undefined && x !== ''))].sort();
      const described = (keep: (x: (typeof sc.sessions)[number]) => boolean): string[] => [...new Set(sc.sessions.filter(keep).map((x) => x.name))].sort();
      expect(seen((r) => (r[0] === '' ? r[1] : undefined))).toEqual(described((x) => x.kind === 'https'));
      expect(seen((r) => (r[0] !== '' ? r[1] : undefined))).toEqual(described((x) => x.kind === 'quic'));
      expect(seen((r) => r[2])).toEqual(described((x) => x.dns !== null));
    });

    it('exposes names: TLS SNI, QUIC Initial SNI, DNS answers, HTTP Host', async () => {
      await run;
      const out = tshark(files.pcap, ['-T', 'fields', '-E', 'separator=|', '-e', 'tls.handshake.extensions_server_name', '-e', 'quic.version', '-e', 'dns.a', '-e', 'dns.aaaa', '-e', 'http.host']);
      const rows = out.split('\n').map((l) => l.split('|'));
      expect(rows.some((r) => r[0] !== '' && r[1] === '')).toBe(true); // TLS over TCP
      expect(rows.some((r) => r[0] !== '' && r[1] !== '')).toBe(true); // QUIC Initial decrypted
      expect(rows.some((r) => r[2] !== '' || r[3] !== '')).toBe(true);
      expect(rows.some((r) => r[4] !== '' && r[4] !== undefined)).toBe(true);
    });
  });
});
