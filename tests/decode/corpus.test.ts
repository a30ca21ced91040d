import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/index.js';
import { PacketDecoder } from '../../src/decode/index.js';
import { readFrames } from './mini-reader.js';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/real');
const HAVE = existsSync(resolve(CORPUS, 'MANIFEST.tsv'));

/** MANIFEST feature → the decoder layer that must have been decoded through at least once. */
const FEATURE_LAYER: Readonly<Record<string, string>> = {
  vlan: 'vlan',
  qinq: 'qinq',
  mpls: 'mpls',
  pppoe: 'pppoe',
  gre: 'gre',
  vxlan: 'vxlan',
  teredo: 'teredo',
  gtp: 'gtp-u',
  'ipv4-fragments': 'ipv4-fragments',
  'ipv6-fragments': 'ipv6-fragments',
};

function manifest(): { file: string; features: string[] }[] {
  const lines = readFileSync(resolve(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const cols = l.split('\t');
    return { file: cols[0]!, features: (cols[8] ?? '').split(',').filter((f) => f !== '') };
  });
}

describe.skipIf(!HAVE)('real corpus (../shared/corpus/real)', () => {
  const rows = HAVE ? manifest() : [];
  it.each(rows)('$file', ({ file, features }) => {
    const frames = readFrames(readFileSync(resolve(CORPUS, file)));
    const d = new PacketDecoder(DEFAULT_LIMITS);
    let accounted = 0;
    const held = new Set<number>();
    for (const f of frames) {
      const o = d.decode(f);
      if (o.kind === 'fragment-held') held.add(f.frame);
      else accounted++;
      if (o.kind === 'ip') for (const x of o.packet.fragmentFrames) held.delete(x);
    }
    for (const x of d.flush()) for (const fr of x.frames) held.delete(fr);
    // Every frame is a packet, a counted non-packet, or part of a reported datagram.
    expect(held.size).toBe(0);
    expect(accounted).toBeLessThanOrEqual(frames.length);
    const layers = d.stats.layers;
    for (const feat of features) {
      const layer = FEATURE_LAYER[feat];
      if (layer !== undefined) expect(layers[layer] ?? 0, `${file}: ${feat}`).toBeGreaterThan(0);
    }
  });
});
