/**
 * Split/merge: a capture cut into pieces with `editcap -c N` and given to analyze as several
 * inputs (read as one continuous capture) gives the same report as the whole capture, except for
 * the list of inputs: same flows, names, destinations, DNS, anomalies, coverage and verdict. This
 * is what lets a campaign name a capture that was rotated or sharded into files (a glob).
 * Skips with one line when editcap or the real corpus is absent.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignDir } from '../builders/campaign.js';
import { runCli } from '../cli/run-cli.js';
import { CORPUS_DIR, HAVE_CORPUS, HAVE_TSHARK, REPO } from '../support/corpus.js';

const c = campaignDir('ev-split-');
afterAll(() => c.remove());

const DEMOS = ['demo', 'av-clean', 'av-telemetry-ru', 'av-disputed', 'av-dns-abroad'].map((d) => ({ name: `${d}.pcapng`, path: join(REPO, 'captures', `${d}.pcapng`), n: 23 }));
const REAL = [
  ['ndpi__discord.pcap', 37],
  ['ndpi__ookla.pcap', 11],
  ['ndpi__conncheck.pcap', 9],
  ['zeek__tunnels__Teredo.pcap', 13],
  ['suricata-verify__ja4-quic__input.pcap', 3],
  ['pcapplusplus__many_interfaces-1.pcapng', 7],
  ['pcapplusplus__tls.pcap', 5],
  ['ndpi__dns_fragmented.pcap', 4],
  ['pcapplusplus__ip6_fragments.pcap', 5],
  ['ndpi__ip_fragmented_garbage.pcap', 100],
  ['zeek__echo-connections.pcap.gz', 10000],
].map(([f, n]) => ({ name: f as string, path: join(CORPUS_DIR, f as string), n: n as number }));

if (!HAVE_TSHARK) console.log('split-merge: editcap not installed, skipped');
else if (!HAVE_CORPUS) console.log('split-merge: no real corpus, only the demo captures');
const CASES = HAVE_TSHARK ? [...DEMOS, ...(HAVE_CORPUS ? REAL : [])] : [];

type Report = Record<string, unknown> & { captures: { frames: number; name: string }[] };

async function analyze(files: readonly string[]): Promise<Report> {
  const r = await runCli(['analyze', ...files, '--reproducible']);
  expect(r.code).toBeLessThan(3);
  return JSON.parse(r.stdout) as Report;
}

describe.runIf(CASES.length > 0)('pieces of a capture (editcap -c N) read as one equal the whole', () => {
  it.each(CASES)('$name in pieces of $n frames', async ({ path, n }) => {
    const dir = join(c.dir, basename(path));
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `piece${path.includes('.pcapng') ? '.pcapng' : '.pcap'}`);
    const r = spawnSync('editcap', ['-c', String(n), path, out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const pieces = readdirSync(dir).sort().map((f) => join(dir, f));
    expect(pieces.length).toBeGreaterThan(1);

    const whole = await analyze([path]);
    const split = await analyze(pieces);
    expect(split.captures.map((x) => x.frames).reduce((a, b) => a + b, 0)).toBe(whole.captures[0]!.frames);
    const { captures: _w, ...restWhole } = whole;
    const { captures: _s, ...restSplit } = split;
    expect(restSplit).toEqual(restWhole);
  });
});
