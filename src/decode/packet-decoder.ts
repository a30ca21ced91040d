/**
 * PacketDecoder: Frame → DecodeOutcome. Everything is pure except the fragment reassembler it
 * owns; call `expire()` now and then (frame time) and `flush()` at end of capture to collect
 * datagrams that never completed, with their frames.
 * @module decode/packet-decoder
 */
import type { AnomalyCode, Frame, Limits } from '../core/index.js';
import type { DecodeOutcome, DecodeStats, ExpiredFragments, Packet } from './types.js';
import type { L2Decoder } from './l2.js';
import { LINK_DECODERS } from './registry.js';
import { Reassembler } from './reassembly.js';
import { LAYER_NAMES, ST_HELD, ST_NOT_IP, ST_PACKET, ST_UNSUPPORTED, ST_MALFORMED, Walk } from './walk-state.js';
import { walkL2 } from './walk.js';

const NO_ANOMALIES: readonly AnomalyCode[] = Object.freeze([]);

/** Decodes frames into packets, reassembling IP fragments on the way. */
export class PacketDecoder {
  readonly #reasm: Reassembler;
  readonly #walk: Walk;
  /** The reused 'ip' outcome (BORROWED until the next decode, like its packet). */
  readonly #ip: { kind: 'ip'; packet: Packet; anomalies: readonly AnomalyCode[] };
  #linkType = -1;
  #link: L2Decoder | undefined = undefined;
  #frames = 0;
  #packets = 0;
  #notIp = 0;
  #malformed = 0;
  #unsupported = 0;
  #held = 0;

  constructor(limits: Limits) {
    this.#reasm = new Reassembler(limits);
    this.#walk = new Walk(this.#reasm, Math.max(0, limits.maxTunnelDepth));
    this.#ip = { kind: 'ip', packet: this.#walk.pkt, anomalies: NO_ANOMALIES };
  }

  /**
   * Decodes one frame. Never throws on its bytes. An 'ip' outcome and its packet are BORROWED:
   * reused by the next call (see Packet); the packet's `payload` and `addrBytes` borrow the frame's bytes (`frame.buf`).
   */
  decode(frame: Frame): DecodeOutcome {
    this.#frames++;
    // Captures rarely change link type: remember the last lookup.
    if (frame.linkType !== this.#linkType) {
      this.#linkType = frame.linkType;
      this.#link = LINK_DECODERS.get(frame.linkType);
    }
    const link = this.#link;
    if (link === undefined) {
      this.#unsupported++;
      return { kind: 'unsupported-link', linkType: frame.linkType };
    }
    const w = this.#walk;
    // The frame's bytes in place in the reader's chunk (no view per frame): offsets are the chunk's.
    const buf = frame.buf;
    const start = frame.dataOffset;
    const end = Math.min(start + frame.capturedLength, buf.length);
    w.begin(frame.frame, frame.tsSec, frame.tsNsec, frame.tsExact, frame.originalLength > frame.capturedLength);
    const off = link(buf, start, end, w.l2);
    let st: number;
    if (off < 0) {
      w.code = w.l2.code;
      st = ST_MALFORMED;
    } else st = walkL2(w, buf, off, end, 0);
    const anomalies = w.anomalies ?? NO_ANOMALIES;
    switch (st) {
      case ST_PACKET:
        this.#packets++;
        this.#ip.anomalies = anomalies;
        return this.#ip;
      case ST_HELD:
        this.#held++;
        return { kind: 'fragment-held', anomalies };
      case ST_NOT_IP:
        this.#notIp++;
        return { kind: 'not-ip', what: w.what };
      case ST_UNSUPPORTED:
        this.#unsupported++;
        return { kind: 'unsupported-link', linkType: w.linkType };
      default:
        this.#malformed++;
        return { kind: 'malformed', anomaly: w.code, anomalies };
    }
  }

  /** Datagrams timed out at `nowNs` (frame time) and any dropped at caps since the last call. */
  expire(nowNs: bigint): ExpiredFragments[] {
    return this.#reasm.expire(nowNs);
  }

  /** End of capture: every datagram still incomplete, with its frames. */
  flush(): ExpiredFragments[] {
    return this.#reasm.flush();
  }

  /** Counters so far. */
  get stats(): DecodeStats {
    const layers: Record<string, number> = {};
    LAYER_NAMES.forEach((name, i) => {
      const n = this.#walk.layerCounts[i]!;
      if (n > 0) layers[name] = n;
    });
    return {
      layers,
      frames: this.#frames,
      packets: this.#packets,
      notIp: this.#notIp,
      malformed: this.#malformed,
      unsupportedLink: this.#unsupported,
      fragmentsHeld: this.#held,
      datagramsReassembled: this.#reasm.completedCount,
      datagramsExpired: this.#reasm.expiredCount,
      fragmentDatagramsPending: this.#reasm.pendingDatagrams,
      fragmentBytesPending: this.#reasm.pendingBytes,
    };
  }
}
