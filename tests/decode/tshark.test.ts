import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/index.js';
import { PacketDecoder } from '../../src/decode/index.js';
import { readFrames } from './mini-reader.js';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/real');
const TSHARK = '/usr/bin/tshark';
const HAVE = existsSync(TSHARK) && existsSync(resolve(CORPUS, 'MANIFEST.tsv'));
const FIELDS = ['frame.number', 'frame.protocols', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport'];

/** Innermost src/dst/ports tshark saw per frame, ignoring headers quoted inside ICMP errors. */
function tsharkView(file: string): Map<number, string> {
  let out: string;
  try {
    out = execFileSync(TSHARK, ['-n', '-r', file, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', ...FIELDS.flatMap((f) => ['-e', f])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1 << 30,
    });
  } catch (e) {
    // tshark exits non-zero on truncated or unreadable files but still prints what it read.
    out = String((e as { stdout?: unknown }).stdout ?? '');
  }
  const view = new Map<number, string>();
  for (const line of out.split('\n')) {
    const [num, protos = '', ...cols] = line.split('\t');
    const [s4, d4, s6, d6, ts, td, us, ud] = cols.map((c) => c.split(','));
    // Extension headers (ipv6.hopopts, ipv6.fraghdr, …) are not layers of their own here.
    let layers = protos.split(':').filter((p) => !p.startsWith('ipv6.'));
    const icmp = layers.findIndex((p) => p === 'icmp' || p === 'icmpv6');
    if (icmp >= 0) layers = layers.slice(0, icmp + 1);
    const count = (name: string, upto = layers.length): number => layers.slice(0, upto).filter((p) => p === name).length;
    let inner = -1;
    for (let i = layers.length - 1; i >= 0 && inner < 0; i--) if (layers[i] === 'ip' || layers[i] === 'ipv6') inner = i;
    if (inner < 0) continue;
    const v6 = layers[inner] === 'ipv6';
    const k = count(layers[inner]!, inner + 1) - 1;
    const src = (v6 ? s6 : s4)?.[k] ?? '';
    const dst = (v6 ? d6 : d4)?.[k] ?? '';
    const l4 = layers[inner + 1] === 'tcp' || layers[inner + 1] === 'udp' ? layers[inner + 1]! : '';
    const j = l4 === '' ? -1 : count(l4, inner + 2) - 1;
    const ports = l4 === 'tcp' ? ` ${ts?.[j]}>${td?.[j]}` : l4 === 'udp' ? ` ${us?.[j]}>${ud?.[j]}` : '';
    view.set(Number(num), `${src}>${dst}${ports}`);
  }
  return view;
}

const FILES = HAVE ? readdirSync(CORPUS).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort() : [];

describe.skipIf(!HAVE)('differential: innermost addresses and ports agree with tshark', () => {
  it.each(FILES)('%s', (file) => {
    const path = resolve(CORPUS, file);
    const frames = readFrames(readFileSync(path));
    if (frames.length === 0 || frames.length > 20_000) return;
    const theirs = tsharkView(path);
    const d = new PacketDecoder(DEFAULT_LIMITS);
    const diffs: string[] = [];
    for (const f of frames) {
      const o = d.decode(f);
      const t = theirs.get(f.frame);
      if (o.kind !== 'ip' || t === undefined) continue;
      const p = o.packet;
      const tr = p.transport;
      const ports = tr !== null && (tr.proto === 'tcp' || tr.proto === 'udp') ? ` ${tr.srcPort}>${tr.dstPort}` : '';
      const ours = `${p.src}>${p.dst}${ports}`;
      // tshark shows ports of a datagram whose transport header we could not read: compare addresses then.
      const same = ours === t || (ports === '' && t.startsWith(`${p.src}>${p.dst} `));
      if (!same) diffs.push(`#${f.frame} ours ${ours} tshark ${t}`);
    }
    expect(diffs.slice(0, 5)).toEqual([]);
  });
});
