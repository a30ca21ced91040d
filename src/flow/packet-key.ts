/**
 * A packet's flow key, kind and sender-side ports (filled per packet into one reused object).
 * TCP/UDP/SCTP key on ports; ICMP on (type, counterpart type) for request/reply pairs, else on
 * (type, code) one-way, as Zeek does; other protocols have no ports.
 * @module flow/packet-key
 */
import type { Packet } from '../decode/index.js';
import { KIND_ICMP, KIND_OTHER, KIND_TCP, KIND_UDP, type FlowKind } from './flow.js';
import { icmpCounterpart } from './icmp.js';
import { ScratchKey, setKey, vlanKey } from './key.js';
import { IPPROTO_SCTP } from './registry.js';

/** Per-packet scratch: the key plus what the table needs to start a flow (no allocation per packet). */
export class PacketKey extends ScratchKey {
  kind: FlowKind = KIND_OTHER;
  sport = 0;
  dport = 0;
  /** Ports (or ICMP type/code) are known and part of the Community ID. */
  hasPorts = false;
}

/** Fills `s` with `pkt`'s flow key, kind and (sender-side) ports. */
export function setPacketKey(s: PacketKey, pkt: Packet): void {
  const tr = pkt.transport;
  s.hasPorts = true;
  if (tr === null) {
    s.kind = KIND_OTHER;
    s.sport = 0;
    s.dport = 0;
    s.hasPorts = false;
    if (pkt.ipProto === IPPROTO_SCTP && pkt.payload.length >= 4) {
      // SCTP common header (RFC 9260 §3.1): source and destination port first.
      const p = pkt.payload;
      s.sport = (p[0]! << 8) | p[1]!;
      s.dport = (p[2]! << 8) | p[3]!;
      s.hasPorts = true;
    }
  } else if (tr.proto === 'tcp' || tr.proto === 'udp') {
    s.kind = tr.proto === 'tcp' ? KIND_TCP : KIND_UDP;
    s.sport = tr.srcPort;
    s.dport = tr.dstPort;
  } else {
    s.kind = KIND_ICMP;
    s.sport = tr.type;
    const counter = icmpCounterpart(pkt.ipVersion, tr.type);
    if (counter < 0) {
      s.dport = tr.code;
      setKey(s, pkt.ipVersion, pkt.ipProto, true, pkt.addrBytes, pkt.srcOff, tr.type, pkt.addrBytes, pkt.dstOff, tr.code, vlanKey(pkt.vlan));
      return;
    }
    s.dport = counter;
  }
  setKey(s, pkt.ipVersion, pkt.ipProto, false, pkt.addrBytes, pkt.srcOff, s.sport, pkt.addrBytes, pkt.dstOff, s.dport, vlanKey(pkt.vlan));
}
