/**
 * Live flow → finished FlowRecord (plain data, copied arrays; uid and Community ID computed here,
 * once per flow).
 * @module flow/record
 */
import { communityId } from './community-id.js';
import { KIND_TCP, KIND_UDP, type Flow } from './flow.js';
import { tcpConnState } from './tcp-state.js';
import type { ConnState, EndReason, FlowRecord } from './types.js';
import { flowUid } from './uid.js';

/** conn_state of any flow: TCP from endpoint states; UDP SF/S0 (Zeek UDP_ACTIVE rule); else OTH. */
function connStateOf(f: Flow): ConnState {
  if (f.tcpOrig !== null && f.tcpResp !== null) return tcpConnState(f.tcpOrig, f.tcpResp, f.history);
  if (f.kind === KIND_UDP) {
    if (f.origPkts > 0) return f.respPkts > 0 ? 'SF' : 'S0';
    return f.respPkts > 0 ? 'SHR' : 'OTH';
  }
  return 'OTH';
}

/** The flow's Community ID v1 (seed 0). */
export function flowCommunityId(f: Flow): string {
  return communityId(f.hasPorts
    ? { ipVersion: f.ipVersion, src: f.origH, dst: f.respH, ipProto: f.ipProto, srcPort: f.origP, dstPort: f.respP }
    : { ipVersion: f.ipVersion, src: f.origH, dst: f.respH, ipProto: f.ipProto });
}

/** Builds the finished record of `f`. */
export function buildRecord(f: Flow, endReason: EndReason): FlowRecord {
  const o = f.kind === KIND_TCP ? f.tcpOrig : null;
  const r = f.kind === KIND_TCP ? f.tcpResp : null;
  const tcp = o !== null && r !== null;
  return {
    uid: flowUid(f.firstFrame),
    proto: f.proto,
    ipProto: f.ipProto,
    ipVersion: f.ipVersion,
    origH: f.origH,
    origP: f.origP,
    respH: f.respH,
    respP: f.respP,
    vlan: [...f.vlan],
    tunnels: f.tunnels.map((t) => ({ ...t })),
    firstTsNs: f.firstTsNs,
    lastTsNs: f.lastTsNs,
    firstFrame: f.firstFrame,
    lastFrame: f.lastFrame,
    origPkts: f.origPkts,
    respPkts: f.respPkts,
    origIpBytes: f.origIpBytes,
    respIpBytes: f.respIpBytes,
    origBytes: tcp ? o.size(r) : f.origPayload,
    respBytes: tcp ? r.size(o) : f.respPayload,
    connState: connStateOf(f),
    history: f.history,
    communityId: flowCommunityId(f),
    icmpErrors: f.icmpErrors,
    sampleFrames: [...f.sampleFrames],
    endReason,
  };
}
