/**
 * Frame objects around built bytes.
 * @module tests/builders/packets/frame
 */
import { tsParts, type Frame } from '../../../src/core/index.js';

/** A Frame around `data`: frame 1, link type 1 (Ethernet), ts 1 s, original length = captured. */
export function frame(data: Uint8Array, o: { frame?: number; linkType?: number; tsNs?: bigint; originalLength?: number } = {}): Frame {
  const tsNs = o.tsNs ?? 1_000_000_000n;
  const t = tsParts(tsNs);
  return {
    frame: o.frame ?? 1,
    input: 0,
    inputFrame: o.frame ?? 1,
    tsNs,
    tsSec: t.sec,
    tsNsec: t.nsec,
    tsExact: t.exact,
    linkType: o.linkType ?? 1,
    interfaceId: 0,
    capturedLength: data.length,
    originalLength: o.originalLength ?? data.length,
    fileOffset: 0,
    data,
    buf: data,
    dataOffset: 0,
  };
}
