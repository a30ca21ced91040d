/**
 * Zeek's per-endpoint TCP state machine and conn_state summary.
 * Transitions follow TCPSessionAdapter::Update*State (src/packet_analysis/protocol/tcp/
 * TCPSessionAdapter.cc); the summary follows `conn_state()` in scripts/base/protocols/conn/main.zeek.
 * Events and weirds are not reproduced: only the state they leave behind.
 * @module flow/tcp-state
 */
import type { ConnState } from './types.js';
import {
  TCP_CLOSED, TCP_ESTABLISHED, TCP_INACTIVE, TCP_PARTIAL, TCP_RESET, TCP_SYN_ACK_SENT, TCP_SYN_SENT,
  TH_ACK, TH_FIN, TH_RST, TH_SYN, type TcpEndpoint,
} from './tcp-endpoint.js';

/** An endpoint leaving INACTIVE on its first packet (UpdateInactiveState). */
function updateInactive(ep: TcpEndpoint, peer: TcpEndpoint, orig: TcpEndpoint, isOrig: boolean, flags: number, len: number): void {
  if (flags & TH_SYN) {
    if (isOrig) {
      ep.setState(flags & TH_ACK ? TCP_SYN_ACK_SENT : TCP_SYN_SENT);
    } else {
      // A SYN-ACK (or simultaneous-open SYN) from the responder establishes both sides.
      if (peer.state === TCP_SYN_SENT) peer.setState(TCP_ESTABLISHED);
      ep.setState(TCP_ESTABLISHED);
    }
  }
  if (flags & TH_FIN) ep.setState(TCP_CLOSED);
  if (flags & TH_RST) ep.setState(TCP_RESET);
  if (ep.state !== TCP_INACTIVE) return;
  if (!isOrig && len === 0 && orig.state === TCP_SYN_SENT) {
    // Some stacks ACK an initial SYN before their SYN-ACK: not yet a partial connection.
  } else if (flags & TH_ACK && peer.state === TCP_ESTABLISHED) {
    // SYN-ACK seen, its SYN missed, now a pure ACK: treat as established, not partial.
    ep.setState(TCP_ESTABLISHED);
  } else {
    ep.setState(TCP_PARTIAL);
  }
}

/** ESTABLISHED or PARTIAL endpoint (UpdateEstablishedState). */
function updateEstablished(ep: TcpEndpoint, peer: TcpEndpoint, flags: number): void {
  if (flags & TH_SYN && ep.state === TCP_PARTIAL && peer.state === TCP_INACTIVE && !(flags & TH_ACK)) {
    ep.setState(TCP_SYN_SENT);
  }
  if (flags & TH_FIN && !(flags & TH_RST)) {
    ep.setState(TCP_CLOSED);
    // The peer sent FIN then RST: normal termination after all.
    if (peer.state === TCP_RESET && peer.prevState === TCP_CLOSED) peer.setState(TCP_CLOSED);
  }
  if (flags & TH_RST) ep.setState(TCP_RESET);
}

/** Advances `ep` (the sender) for one segment (UpdateStateMachine). */
export function updateStateMachine(ep: TcpEndpoint, peer: TcpEndpoint, orig: TcpEndpoint, isOrig: boolean, flags: number, len: number): void {
  switch (ep.state) {
    case TCP_INACTIVE:
      updateInactive(ep, peer, orig, isOrig, flags, len);
      break;
    case TCP_SYN_SENT:
    case TCP_SYN_ACK_SENT:
      if (flags & TH_FIN) ep.setState(TCP_CLOSED);
      if (flags & TH_RST) ep.setState(TCP_RESET);
      break;
    case TCP_ESTABLISHED:
    case TCP_PARTIAL:
      updateEstablished(ep, peer, flags);
      break;
    case TCP_CLOSED:
      // After our FIN, a RST counts unless the peer had closed too (FIN exchange already done).
      if (flags & TH_RST && peer.state !== TCP_CLOSED) ep.setState(TCP_RESET);
      break;
    case TCP_RESET:
      break;
    default: {
      const never: never = ep.state;
      throw new Error(`unreachable TCP endpoint state ${String(never)}`);
    }
  }
}

/** conn.log RSTOS0 test: `/\^?S[^HAFGIQ]*R.*​/ == history` (Zeek pattern equality is anchored). */
const RSTOS0_HISTORY = /^\^?S[^HAFGIQ]*R/;

/** Zeek's conn_state for a TCP connection from its endpoint states. */
export function tcpConnState(o: TcpEndpoint, r: TcpEndpoint, history: string): ConnState {
  const os = o.state;
  const rs = r.state;
  const oInactive = os === TCP_INACTIVE || os === TCP_PARTIAL;
  const rInactive = rs === TCP_INACTIVE || rs === TCP_PARTIAL;
  if (rs === TCP_RESET) {
    if (os === TCP_SYN_SENT || os === TCP_SYN_ACK_SENT || (os === TCP_RESET && o.size(r) === 0 && r.size(o) === 0)) {
      return 'REJ';
    }
    return oInactive ? 'RSTRH' : 'RSTR';
  }
  if (os === TCP_RESET) {
    if (rInactive) return RSTOS0_HISTORY.test(history) ? 'RSTOS0' : 'OTH';
    return 'RSTO';
  }
  if (rs === TCP_CLOSED && os === TCP_CLOSED) return 'SF';
  if (os === TCP_CLOSED) return rInactive ? 'SH' : 'S2';
  if (rs === TCP_CLOSED) return oInactive ? 'SHR' : 'S3';
  if (os === TCP_SYN_SENT && rs === TCP_INACTIVE) return 'S0';
  if (os === TCP_ESTABLISHED && rs === TCP_ESTABLISHED) return 'S1';
  return 'OTH';
}
