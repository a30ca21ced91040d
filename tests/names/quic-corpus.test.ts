/**
 * QUIC SNI on the shared real corpus, against tshark: every capture whose MANIFEST features say
 * QUIC is read with the project's own capture reader and decoder; each UDP flow whose first
 * datagram passes `looksLikeQuicInitial` gets a collector fed with the client's datagrams (the
 * client sent the flow's first datagram). The TLS SNIs found (plus those of TCP payloads that
 * parse alone as a ClientHello, as tests/names/differential.test.ts reads them) must equal
 * ORACLE.tsv's `sni_names`; the gQUIC CHLO SNIs must equal tshark's `gquic.tag.sni` (when tshark
 * is installed). A file listed in KNOWN_DIFFERENCES must differ, so the list cannot go stale.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnomalyLog, DEFAULT_LIMITS } from '../../src/core/index.js';
import { openCapture, type OpenOptions } from '../../src/capture/index.js';
import { PacketDecoder } from '../../src/decode/index.js';
import { looksLikeQuicInitial, parseClientHello, QuicClientHelloCollector } from '../../src/names/index.js';
import { CORPUS_DIR, HAVE_CORPUS, HAVE_TSHARK, manifest } from '../support/corpus.js';

/** Per file: why our QUIC SNI set differs from tshark's (none today). */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

interface Found { readonly tls: Set<string>; readonly chlo: Set<string> }
interface Flow { readonly client: string; readonly collector: QuicClientHelloCollector | null }

/** Back from presentation escapes to raw text, as tshark prints names. */
const plain = (s: string): string => s.replace(/\\(\d{3})/g, (_m, d: string) => String.fromCharCode(Number(d))).replace(/\\(.)/g, '$1');

async function extract(path: string): Promise<Found> {
  const found: Found = { tls: new Set(), chlo: new Set() };
  const opts = { limits: DEFAULT_LIMITS, firstFrame: 1, input: 0, anomalies: new AnomalyLog(1) } satisfies OpenOptions;
  const cap = await openCapture({ name: path, stream: createReadStream(path) }, opts);
  const dec = new PacketDecoder(DEFAULT_LIMITS);
  const flows = new Map<string, Flow>();
  await cap.forEachFrame((frame) => {
    const out = dec.decode(frame);
    if (out.kind !== 'ip') return;
    const { src, dst, transport: t, payload } = out.packet;
    if (t === null || payload.length === 0) return;
    if (t.proto === 'tcp') {
      const h = parseClientHello(payload);
      if (h.status === 'ok' && h.hello.sni !== null) found.tls.add(plain(h.hello.sni));
      return;
    }
    if (t.proto !== 'udp') return;
    const a = `${src} ${t.srcPort}`;
    const b = `${dst} ${t.dstPort}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let flow = flows.get(key);
    if (flow === undefined) flows.set(key, (flow = { client: a, collector: looksLikeQuicInitial(payload) ? new QuicClientHelloCollector() : null }));
    if (flow.collector === null || flow.client !== a || flow.collector.done) return;
    const o = flow.collector.push(payload, frame.frame);
    if (o.status !== 'ok') return;
    const sni = o.kind === 'tls' ? o.hello.sni : o.chlo.sni;
    if (sni !== null) (o.kind === 'tls' ? found.tls : found.chlo).add(plain(sni));
  });
  return found;
}

function oracleSni(): Map<string, Set<string>> {
  const [head, ...lines] = readFileSync(join(CORPUS_DIR, 'ORACLE.tsv'), 'utf8').trim().split('\n');
  const cols = head!.split('\t');
  const out = new Map<string, Set<string>>();
  for (const v of lines.map((l) => l.split('\t'))) {
    if (v[cols.indexOf('tshark_rc')] !== '0') continue;
    out.set(v[0]!, new Set((v[cols.indexOf('sni_names')] ?? '').split(';').filter(Boolean).map((x) => decodeURIComponent(x))));
  }
  return out;
}

const sorted = (s: Iterable<string>): string[] => [...s].sort();
const QUIC_FILES = manifest().filter((r) => r.features.includes('quic') || r.features.includes('gquic')).map((r) => r.file);

describe.skipIf(!HAVE_CORPUS)('QUIC SNI vs tshark (ORACLE.tsv sni_names)', () => {
  it('the corpus has QUIC captures', () => {
    expect(QUIC_FILES.length).toBeGreaterThanOrEqual(5);
  });

  it.each(QUIC_FILES.map((f) => [f]))('%s', async (file) => {
    const expected = oracleSni().get(file);
    if (expected === undefined) return;
    const got = await extract(join(CORPUS_DIR, file));
    const known = KNOWN_DIFFERENCES[file];
    if (known === undefined) expect(sorted(got.tls), `TLS SNI of ${file}`).toEqual(sorted(expected));
    else expect(sorted(got.tls), `${file} is listed as differing (${known}) but agrees`).not.toEqual(sorted(expected));
  });
});

describe.skipIf(!HAVE_CORPUS || !HAVE_TSHARK)('gQUIC CHLO SNI vs tshark gquic.tag.sni', () => {
  it.each(QUIC_FILES.map((f) => [f]))('%s', async (file) => {
    const path = join(CORPUS_DIR, file);
    const t = spawnSync('tshark', ['-n', '-r', path, '-Y', 'gquic.tag.sni', '-T', 'fields', '-e', 'gquic.tag.sni'], { encoding: 'utf8' });
    const expected = new Set(t.stdout.split('\n').flatMap((l) => l.split(',')).filter(Boolean));
    const got = await extract(path);
    expect(sorted(got.chlo)).toEqual(sorted(expected));
  });
});
