/**
 * One side of a TCP connection, after Zeek's TCP_Endpoint (src/analyzer/protocol/tcp/TCP_Endpoint.cc).
 *
 * Sequence numbers are kept both as the last 32-bit value seen and as a 64-bit-safe distance from
 * the initial sequence number (`*Rel`), advanced by signed 32-bit deltas, so sequence wrap
 * (RFC 9293 §3.4) needs no wrap counter.
 * @module flow/tcp-endpoint
 */
import type { ScaledCounters } from './history.js';

/** Endpoint states (Zeek TCP_ENDPOINT_*). */
export const TCP_INACTIVE = 0;
export const TCP_SYN_SENT = 1;
export const TCP_SYN_ACK_SENT = 2;
export const TCP_PARTIAL = 3;
export const TCP_ESTABLISHED = 4;
export const TCP_CLOSED = 5;
export const TCP_RESET = 6;
export type EndpointState = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** TCP flag bits (RFC 9293 §3.1). */
export const TH_FIN = 0x01;
export const TH_SYN = 0x02;
export const TH_RST = 0x04;
export const TH_ACK = 0x10;

/** Signed distance a − b in 32-bit sequence space (RFC 1982-style serial arithmetic). */
export function seqDelta(a: number, b: number): number {
  return (a - b) | 0;
}

/** Mutable per-direction TCP state of a live flow. */
export class TcpEndpoint implements ScaledCounters {
  state: EndpointState = TCP_INACTIVE;
  prevState: EndpointState = TCP_INACTIVE;
  /** Payload bytes carried by RST segments (RFC 9293 §3.5.3 allows it; not in Zeek's size). */
  rstPayload = 0;
  /** Initial sequence number (for partial connections: first seq − 1, as if a SYN had been seen). */
  startSeq = 0;
  /** Highest sequence number + segment length seen from this side (32-bit). */
  lastSeq = 0;
  /** Highest acknowledgement the peer sent for this side's data (32-bit). */
  ackSeq = 0;
  /** lastSeq − startSeq without 32-bit wrap. */
  lastRel = 0;
  /** ackSeq − startSeq without 32-bit wrap. */
  ackRel = 0;
  finCnt = 0;
  histLastSyn = 0;
  histLastFin = 0;
  histLastRst = 0;
  /** Highest peer acknowledgement already reported as a content gap. */
  gapAckedRel = 0;
  // Logarithmic history counters (retransmissions, zero windows, content gaps): count, threshold.
  cnt0 = 0;
  cnt1 = 0;
  cnt2 = 0;
  thresh0 = 1;
  thresh1 = 1;
  thresh2 = 1;

  /** Changes state, remembering the previous one when it differs (TCP_Endpoint::SetState). */
  setState(s: EndpointState): void {
    if (s !== this.state) {
      this.prevState = this.state;
      this.state = s;
    }
  }

  /** (Re)starts sequence tracking at `start`, with `last` the end of the segment seen. */
  initSeq(start: number, last: number): void {
    this.startSeq = start >>> 0;
    this.ackSeq = this.startSeq;
    this.ackRel = 0;
    this.lastSeq = last >>> 0;
    this.lastRel = seqDelta(this.lastSeq, this.startSeq);
    this.gapAckedRel = 0;
  }

  /** True when the peer acknowledged nothing beyond the SYN (TCP_Endpoint::NoDataAcked). */
  noDataAcked(): boolean {
    return this.ackRel === 0 || this.ackRel === 1;
  }

  /**
   * Payload bytes from sequence numbers (TCP_Endpoint::Size): the larger of last-seen and
   * last-acknowledged sequence minus the initial one, less one for the SYN and one for a FIN.
   */
  size(peer: TcpEndpoint): number {
    if (this.prevState === TCP_SYN_SENT && this.state === TCP_RESET && peer.state === TCP_INACTIVE && !this.noDataAcked()) {
      return 0;
    }
    let size = Math.max(this.lastRel, this.ackRel, 0);
    if (size !== 0) size--;
    if (this.finCnt > 0 && size !== 0) size--;
    return size;
  }
}

/** Both FINs seen, or a RST from either side: the connection is over. */
export function tcpClosed(o: TcpEndpoint, r: TcpEndpoint): boolean {
  return (o.state === TCP_CLOSED && r.state === TCP_CLOSED) || o.state === TCP_RESET || r.state === TCP_RESET;
}
