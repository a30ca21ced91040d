/**
 * Aggregates the outer encapsulations packets were carried in into tunnel records.
 * Memory: one entry per distinct tunnel (endpoints, ports, kind) for the whole capture, at most
 * MAX_TUNNELS; packets in tunnels beyond the cap are counted (`untrackedPackets`), since those
 * tunnels cannot be judged, and the verdict treats them as lost evidence.
 * @module pipeline/tunnels
 */
import type { Packet, TunnelLayer } from '../decode/index.js';
import type { NameEvidence } from '../names/index.js';
import { tunnelUid } from '../flow/index.js';
import { formatMac } from '../core/index.js';
import type { TunnelRecord } from '../report/index.js';

type MutableTunnel = { -readonly [K in keyof TunnelRecord]: TunnelRecord[K] };

/** Distinct tunnels tracked per run. */
export const MAX_TUNNELS = 65_536;

/** Counts packets and bytes per outer tunnel, each direction apart. */
export class TunnelTable {
  readonly #tunnels = new Map<string, MutableTunnel>();
  readonly #onNew: ((t: TunnelRecord, pkt: Packet) => void) | undefined;
  readonly #namesOf: ((t: TunnelRecord, pkt: Packet) => readonly NameEvidence[]) | undefined;
  readonly #max: number;
  #untracked = 0;

  /**
   * `namesOf`: the far end's names when a tunnel is first seen (the DNS join); `onNew`: called
   * once per tunnel, right after its first packet was counted.
   */
  constructor(o: { readonly onNew?: (t: TunnelRecord, pkt: Packet) => void; readonly namesOf?: (t: TunnelRecord, pkt: Packet) => readonly NameEvidence[]; readonly maxTunnels?: number } = {}) {
    this.#onNew = o.onNew;
    this.#namesOf = o.namesOf;
    this.#max = o.maxTunnels ?? MAX_TUNNELS;
  }

  /** Tunnel-layer packets not counted because their tunnel was new when MAX_TUNNELS were tracked. */
  get untrackedPackets(): number {
    return this.#untracked;
  }

  /** Count one packet against every tunnel layer it was carried in. */
  observe(pkt: Packet): void {
    const layers = pkt.tunnels;
    for (let i = 0; i < layers.length; i++) this.#observeLayer(layers[i]!, i, pkt);
  }

  #observeLayer(t: TunnelLayer, layer: number, pkt: Packet): void {
    const sp = t.srcPort ?? 0;
    const dp = t.dstPort ?? 0;
    const a = `${t.src}|${sp}`;
    const b = `${t.dst}|${dp}`;
    const key = a < b ? `${t.kind}|${t.ipProto}|${a}|${b}` : `${t.kind}|${t.ipProto}|${b}|${a}`;
    let rec = this.#tunnels.get(key);
    const isNew = rec === undefined;
    if (rec === undefined && this.#tunnels.size >= this.#max) {
      this.#untracked++;
      return;
    }
    if (rec === undefined) {
      rec = {
        uid: tunnelUid(pkt.frame, layer),
        ...(pkt.outerSrcMac < 0 ? {} : { origL2Addr: formatMac(pkt.outerSrcMac) }),
        kind: t.kind, origH: t.src, respH: t.dst, ipProto: t.ipProto, origP: sp, respP: dp,
        origPkts: 0, respPkts: 0, origIpBytes: 0, respIpBytes: 0, origBytes: 0, respBytes: 0, names: [],
        firstFrame: pkt.frame, lastFrame: pkt.frame, firstTsNs: pkt.tsNs, lastTsNs: pkt.tsNs, innerPackets: 0,
      };
      this.#tunnels.set(key, rec);
    }
    if (t.src === rec.origH && sp === rec.origP) {
      rec.origPkts++;
      rec.origIpBytes += t.outerIpLength;
      rec.origBytes += pkt.ipLength;
    } else {
      rec.respPkts++;
      rec.respIpBytes += t.outerIpLength;
      rec.respBytes += pkt.ipLength;
    }
    rec.innerPackets++;
    if (pkt.frame > rec.lastFrame) rec.lastFrame = pkt.frame;
    if (pkt.frame < rec.firstFrame) rec.firstFrame = pkt.frame;
    if (pkt.tsNs > rec.lastTsNs) rec.lastTsNs = pkt.tsNs;
    if (pkt.tsNs < rec.firstTsNs) rec.firstTsNs = pkt.tsNs;
    if (isNew) {
      if (this.#namesOf !== undefined) rec.names = this.#namesOf(rec, pkt);
      this.#onNew?.(rec, pkt);
    }
  }

  /** Records sorted by first frame, then by endpoints. */
  records(): TunnelRecord[] {
    return [...this.#tunnels.values()].sort(
      (x, y) => x.firstFrame - y.firstFrame || (x.origH < y.origH ? -1 : x.origH > y.origH ? 1 : 0),
    );
  }
}
