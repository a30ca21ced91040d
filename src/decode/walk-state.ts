/**
 * Scratch and results of one frame's walk (one Walk per PacketDecoder), walk statuses, and the
 * encapsulation counters behind `DecodeStats.layers`.
 * @module decode/walk-state
 */
import { tsOfParts, type AnomalyCode } from '../core/index.js';
import type { TunnelLayer } from './types.js';
import { DecodedPacket } from './packet.js';
import { IpFields } from './ip-fields.js';
import { L2State } from './l2.js';
import { FragmentInfo, type Reassembler } from './reassembly.js';
import { TransportState } from './transport.js';

/** Walk statuses. */
export const ST_PACKET = 0;
export const ST_HELD = 1;
export const ST_NOT_IP = 2;
export const ST_MALFORMED = 3;
export const ST_UNSUPPORTED = 4;

/** Shared empty list (VLANs, tunnels, fragment frames). */
export const EMPTY: readonly never[] = Object.freeze([]);

/** Encapsulations counted in `Walk.layerCounts` (for stats and tests), by index. */
export const LAYER_NAMES = [
  'vlan', 'qinq', 'mpls', 'pppoe', 'vntag', 'ip-in-ip', 'gre', 'vxlan', 'teredo', 'gtp-u', 'geneve', 'ipv4-fragments', 'ipv6-fragments',
] as const;
export const L_VLAN = 0;
export const L_QINQ = 1;
const L_MPLS = 2;
const L_PPPOE = 3;
const L_VNTAG = 4;
export const L_FRAG4 = 11;
export const L_FRAG6 = 12;
/** Counter index of each tunnel kind. */
export const TUNNEL_LAYER: Readonly<Record<TunnelLayer['kind'], number>> = {
  'ip-in-ip': 5, gre: 6, vxlan: 7, teredo: 8, 'gtp-u': 9, geneve: 10, ayiya: 5,
};

/** Counter index of a shim EtherType, or -1. */
export function shimLayer(et: number): number {
  switch (et) {
    case 0x8100:
      return L_VLAN;
    case 0x88a8:
    case 0x9100:
    case 0x9200:
      return L_QINQ;
    case 0x8847:
    case 0x8848:
      return L_MPLS;
    case 0x8864:
      return L_PPPOE;
    case 0x8926:
      return L_VNTAG;
    default:
      return -1;
  }
}

/** Scratch and results of one frame's walk. */
export class Walk {
  readonly l2 = new L2State();
  /** Transport scratch per tunnel depth: an inner header must not overwrite its carrier's. */
  readonly trs: TransportState[] = [];
  /** The packet handed out (BORROWED until the next frame). */
  readonly pkt = new DecodedPacket();
  readonly frag = new FragmentInfo();
  readonly ips: IpFields[] = [];
  /** How many times each LAYER_NAMES layer was decoded through. */
  readonly layerCounts = new Float64Array(LAYER_NAMES.length);
  frame = 0;
  /** The frame's timestamp as parts (core Frame.tsSec); tsNs made only when asked for. */
  tsSec = 0;
  tsNsec = 0;
  tsExact: bigint | null = null;
  tunnels: TunnelLayer[] | null = null;
  anomalies: AnomalyCode[] | null = null;
  fragmentFrames: readonly number[] = EMPTY;
  code: AnomalyCode = 'decoder.ethernet.trunc_hdr';
  what = '';
  /** After ST_UNSUPPORTED: the inner link type with no decoder (PKTAP/PPI). */
  linkType = 0;

  constructor(
    readonly reasm: Reassembler,
    readonly maxTunnelDepth: number,
  ) {
    for (let i = 0; i <= maxTunnelDepth; i++) {
      this.ips.push(new IpFields());
      this.trs.push(new TransportState());
    }
  }

  /** The frame's exact timestamp (a BigInt made per call: fragments and errors only). */
  get tsNs(): bigint {
    return tsOfParts(this.tsSec, this.tsNsec, this.tsExact);
  }

  begin(frame: number, tsSec: number, tsNsec: number, tsExact: bigint | null, snapCut: boolean): void {
    this.frame = frame;
    this.tsSec = tsSec;
    this.tsNsec = tsNsec;
    this.tsExact = tsExact;
    this.tunnels = null;
    this.anomalies = null;
    this.fragmentFrames = EMPTY;
    this.l2.reset();
    this.l2.snapCut = snapCut;
  }

  note(code: AnomalyCode): void {
    if (this.anomalies === null) this.anomalies = [code];
    else this.anomalies.push(code);
  }
}

