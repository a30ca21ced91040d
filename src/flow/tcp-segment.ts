/**
 * One TCP segment applied to a connection: sequence tracking, history letters, state.
 * Follows TCPSessionAdapter::Process (Zeek src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc).
 * @module flow/tcp-segment
 */
import type { TcpHeader } from '../decode/index.js';
import {
  addHistory, checkHistory, HIST_ACK_PKT, HIST_DATA_PKT, HIST_FIN_PKT, HIST_FIN_RST_PKT,
  HIST_MULTI_FLAG_PKT, HIST_RST_PKT, HIST_SYN_PKT, SCALED_GAP, SCALED_RXMIT, SCALED_WIN0,
  scaledHistory, type HistoryHolder,
} from './history.js';
import {
  seqDelta, TCP_CLOSED, TCP_ESTABLISHED, TCP_INACTIVE, TCP_PARTIAL, TCP_RESET, TCP_SYN_ACK_SENT,
  TCP_SYN_SENT, TH_ACK, TH_FIN, TH_RST, TH_SYN, type TcpEndpoint,
} from './tcp-endpoint.js';
import { updateStateMachine } from './tcp-state.js';

/** Sequence jumps larger than this on SYN/RST are not trusted (Zeek TOO_LARGE_SEQ_DELTA). */
const TOO_LARGE_SEQ_DELTA = 1_048_576;

/** Sets up or resets sequence tracking before the segment is used (init_endpoint). */
function initEndpoint(ep: TcpEndpoint, flags: number, seq: number, onePast: number): void {
  const syn = (flags & TH_SYN) !== 0;
  switch (ep.state) {
    case TCP_INACTIVE:
      // Without a SYN, number as though one preceded the first byte seen.
      if (syn) ep.initSeq(seq, onePast);
      else ep.initSeq(seq - 1, seq);
      break;
    case TCP_SYN_SENT:
    case TCP_SYN_ACK_SENT:
      if (syn && seq !== ep.startSeq) ep.initSeq(seq, onePast);
      break;
    case TCP_ESTABLISHED:
    case TCP_PARTIAL:
      if (syn) ep.initSeq(seq, onePast);
      break;
    case TCP_RESET:
      if (syn && ep.prevState === TCP_INACTIVE) ep.initSeq(seq, onePast);
      break;
    default:
      break;
  }
}

/** History letters for the segment's flags (update_history). */
function updateHistory(h: HistoryHolder, ep: TcpEndpoint, isOrig: boolean, flags: number, relSeq: number, len: number): void {
  const bits = (flags & TH_SYN ? 1 : 0) + (flags & TH_FIN ? 1 : 0) + (flags & TH_RST ? 1 : 0);
  if (bits > 1) {
    if (flags & TH_FIN && flags & TH_RST) checkHistory(h, HIST_FIN_RST_PKT, 'I', isOrig);
    else checkHistory(h, HIST_MULTI_FLAG_PKT, 'Q', isOrig);
  } else if (bits === 1) {
    if (flags & TH_SYN) {
      const code = flags & TH_ACK ? 'H' : 'S';
      if (checkHistory(h, HIST_SYN_PKT, code, isOrig) && relSeq !== ep.histLastSyn) addHistory(h, code, isOrig);
      ep.histLastSyn = relSeq;
    }
    if (flags & TH_FIN) {
      // A FIN's sequence number is after the data it carries.
      if (checkHistory(h, HIST_FIN_PKT, 'F', isOrig) && relSeq + len !== ep.histLastFin) addHistory(h, 'F', isOrig);
      ep.histLastFin = relSeq + len;
    }
    if (flags & TH_RST) {
      if (checkHistory(h, HIST_RST_PKT, 'R', isOrig) && relSeq !== ep.histLastRst) addHistory(h, 'R', isOrig);
      ep.histLastRst = relSeq;
    }
  } else if (len > 0) {
    checkHistory(h, HIST_DATA_PKT, 'D', isOrig);
  } else if (flags & TH_ACK) {
    checkHistory(h, HIST_ACK_PKT, 'A', isOrig);
  }
}

/** Moves the highest sequence seen forward (update_last_seq); marks retransmissions ('T'). */
function updateLastSeq(h: HistoryHolder, ep: TcpEndpoint, isOrig: boolean, onePast: number, flags: number, len: number): void {
  const delta = seqDelta(onePast, ep.lastSeq);
  if (flags & (TH_SYN | TH_RST) && (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA)) {
    // Untrusted jump.
  } else if (flags & TH_FIN && ep.lastRel === 1) {
    // Only the SYN seen so far: trust the FIN even for > 2 GiB connections (unsigned distance).
    ep.lastRel += (onePast - ep.lastSeq) >>> 0;
    ep.lastSeq = onePast >>> 0;
  } else if (ep.state === TCP_RESET) {
    // Nothing after a RST is trusted.
  } else if (delta > 0) {
    ep.lastRel += delta;
    ep.lastSeq = onePast >>> 0;
  } else if (len > 0) {
    scaledHistory(h, ep, SCALED_RXMIT, isOrig);
  }
}

/** The sender acknowledges `ack` of the peer's data (init_peer / update_ack_seq); returns relative ack. */
function ackPeer(peer: TcpEndpoint, ack: number, flags: number): number {
  if (peer.state === TCP_INACTIVE) {
    peer.initSeq(ack - 1, ack - 1);
    return 1;
  }
  const delta = seqDelta(ack, peer.ackSeq);
  const rel = peer.ackRel + delta;
  if (rel < 0 || flags & TH_RST) return rel < 0 ? 0 : rel;
  if (!(ack === 0 && delta > TOO_LARGE_SEQ_DELTA) && delta > 0) {
    peer.ackSeq = ack >>> 0;
    peer.ackRel = rel;
  }
  return rel;
}

/**
 * Applies one segment sent by `isOrig ? orig : resp`. `len` is the TCP payload length the headers
 * claim (snap-truncation does not change sequence accounting).
 */
export function applyTcpSegment(h: HistoryHolder, orig: TcpEndpoint, resp: TcpEndpoint, isOrig: boolean, tcp: TcpHeader, len: number): void {
  const ep = isOrig ? orig : resp;
  const peer = isOrig ? resp : orig;
  const flags = tcp.flags;
  const segLen = flags & TH_RST ? (flags & TH_SYN ? 1 : 0) + (flags & TH_FIN ? 1 : 0) : len + (flags & TH_SYN ? 1 : 0) + (flags & TH_FIN ? 1 : 0);
  if (flags & TH_RST && len > 0) ep.rstPayload += len;
  const onePast = (tcp.seq + segLen) >>> 0;
  initEndpoint(ep, flags, tcp.seq, onePast);
  const relSeq = ep.lastRel + seqDelta(tcp.seq, ep.lastSeq);
  updateHistory(h, ep, isOrig, flags, relSeq, len);
  if (tcp.window === 0 && !(flags & TH_RST) && peer.state !== TCP_CLOSED && ep.state !== TCP_RESET) {
    scaledHistory(h, ep, SCALED_WIN0, isOrig);
  }
  if (flags & TH_FIN) ep.finCnt++;
  let relAck = -1;
  if (flags & TH_ACK) relAck = ackPeer(peer, tcp.ack, flags);
  updateLastSeq(h, ep, isOrig, onePast, flags, len);
  updateStateMachine(ep, peer, orig, isOrig, flags, len);
  // Content gap: the peer's data was acknowledged beyond anything seen from it. Not judged on
  // FIN/RST/SYN segments, whose acks Zeek also distrusts for gaps.
  if (relAck > peer.lastRel && relAck > peer.gapAckedRel && !(flags & (TH_FIN | TH_RST | TH_SYN)) && peer.state !== TCP_INACTIVE) {
    peer.gapAckedRel = relAck;
    scaledHistory(h, peer, SCALED_GAP, !isOrig);
  }
}
