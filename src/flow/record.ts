/**
 * Live flow → finished FlowRecord (plain data, copied arrays; uid and Community ID computed here,
 * once per flow).
 * @module flow/record
 */
import { formatMac } from '../core/index.js';
import { communityIdOfBytes } from './community-id.js';
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

/** Scratch for a flow's two addresses (orig at 0, resp at 16), refilled per record. */
const ADDRS = new Uint8Array(32);

/** Writes the address words w0..w3 (IPv4: w0 only) at `off` in ADDRS, network order. */
function putAddr(off: number, v6: boolean, w0: number, w1: number, w2: number, w3: number): void {
  const words = v6 ? 4 : 1;
  for (let i = 0; i < words; i++) {
    const w = i === 0 ? w0 : i === 1 ? w1 : i === 2 ? w2 : w3;
    ADDRS[off + 4 * i] = w >>> 24;
    ADDRS[off + 4 * i + 1] = (w >>> 16) & 0xff;
    ADDRS[off + 4 * i + 2] = (w >>> 8) & 0xff;
    ADDRS[off + 4 * i + 3] = w & 0xff;
  }
}

/** The flow's Community ID v1 (seed 0), from the address words of its key (no text parsing). */
export function flowCommunityId(f: Flow): string {
  const v6 = f.ipVersion === 6;
  putAddr(f.origIsA ? 0 : 16, v6, f.ka0, f.ka1, f.ka2, f.ka3);
  putAddr(f.origIsA ? 16 : 0, v6, f.kb0, f.kb1, f.kb2, f.kb3);
  const width = v6 ? 16 : 4;
  return f.hasPorts
    ? communityIdOfBytes(ADDRS, 0, ADDRS, 16, width, f.ipProto, f.origP, f.respP)
    : communityIdOfBytes(ADDRS, 0, ADDRS, 16, width, f.ipProto, undefined, undefined);
}

/** A capture names few MACs (a host, its gateway): their text is shared rather than made per flow. */
const MAC_TEXT = new Map<number, string>();
const MAX_MAC_TEXT = 4096;

function macText(mac: number): string {
  let t = MAC_TEXT.get(mac);
  if (t === undefined) {
    if (MAC_TEXT.size >= MAX_MAC_TEXT) MAC_TEXT.clear();
    t = formatMac(mac);
    MAC_TEXT.set(mac, t);
  }
  return t;
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
    // A finished flow's lists are handed over, not copied; vlan and tunnels never change.
    vlan: f.vlan,
    tunnels: f.tunnels.length === 0 ? f.tunnels : f.tunnels.map((t) => ({ ...t })),
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
    origRstBytes: tcp ? o.rstPayload : 0,
    respRstBytes: tcp ? r.rstPayload : 0,
    connState: connStateOf(f),
    history: f.history,
    communityId: flowCommunityId(f),
    icmpErrors: f.icmpErrors,
    // A live flow's snapshot ('active') copies the list that later packets still grow.
    sampleFrames: endReason === 'active' ? [...f.sampleFrames] : f.sampleFrames,
    endReason,
    // Always present (undefined without a MAC): every record has one shape.
    origL2Addr: f.origMac < 0 ? undefined : macText(f.origMac),
    respL2Addr: f.respMac < 0 ? undefined : macText(f.respMac),
  };
}
