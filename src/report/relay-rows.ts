/**
 * Report rows of what was judged where the data went: outer tunnels (judged as flows to their
 * far end) and the requests a flow asked a proxy to carry on (judged as flows to the requested
 * host), and the name evidence rows they and flows share. Keys as in conn.log vocabulary; the
 * judged fields only when a policy ran.
 * @module report/relay-rows
 */
import type { NameEvidence, ProxyRequest } from '../names/index.js';
import type { FlowAssessment } from '../policy/index.js';
import type { JsonValue } from './canonical-json.js';
import type { TunnelRecord } from './types.js';
import { locationRow, reasonRow } from './verdict.js';
import { formatEpochNs } from './time.js';

type Obj = { [k: string]: JsonValue };

/** One request the flow asked its HTTP proxy to carry on; judged as a flow to the requested host. */
export function proxiedRow(p: ProxyRequest, uid: string, judged: boolean, v: FlowAssessment | undefined): Obj {
  // Keys in sorted order (see flowRow).
  const o: Obj = {};
  if (judged) o['counted'] = v?.counted ?? false;
  o['frame'] = p.frame;
  o['host'] = p.host;
  if (judged && v?.location !== undefined) o['location'] = locationRow(v.location);
  o['method'] = p.method;
  if (p.names !== undefined) o['names'] = p.names.map(nameRow);
  if (judged && v !== undefined) o['payload_bytes'] = v.payloadBytes;
  o['port'] = p.port;
  o['ts'] = formatEpochNs(p.tsNs);
  o['uid'] = uid;
  if (judged) {
    o['verdict'] = v?.verdict ?? null;
    o['verdict_reasons'] = v === undefined ? [] : v.reasons.map(reasonRow);
  }
  return o;
}

/** One outer tunnel; judged like a flow (its payload is what it carried), so it has a verdict too. */
export function tunnelRow(t: TunnelRecord, judged: boolean, v: FlowAssessment | undefined): Obj {
  const o: Obj = {
    uid: t.uid,
    kind: t.kind,
    orig_h: t.origH,
    orig_l2_addr: t.origL2Addr ?? null,
    resp_h: t.respH,
    ip_proto: t.ipProto,
    orig_p: t.origP,
    resp_p: t.respP,
    orig_pkts: t.origPkts,
    resp_pkts: t.respPkts,
    orig_ip_bytes: t.origIpBytes,
    resp_ip_bytes: t.respIpBytes,
    orig_bytes: t.origBytes,
    resp_bytes: t.respBytes,
    first_frame: t.firstFrame,
    last_frame: t.lastFrame,
    ts: formatEpochNs(t.firstTsNs),
    duration: formatEpochNs(t.lastTsNs - t.firstTsNs),
    inner_packets: t.innerPackets,
    names: t.names.map(nameRow),
  };
  if (!judged) return o;
  o['counted'] = v?.counted ?? false;
  if (v?.location !== undefined) o['location'] = locationRow(v.location);
  if (v?.allowedBy !== undefined) o['allowed_by'] = v.allowedBy;
  o['verdict'] = v?.verdict ?? null;
  o['verdict_reasons'] = v === undefined ? [] : v.reasons.map(reasonRow);
  return o;
}

/** One name with its evidence. */
export function nameRow(n: NameEvidence): Obj {
  // Keys in sorted order (see flowRow).
  const o: Obj = {};
  if (n.cnameChain !== undefined) o['cname_chain'] = [...n.cnameChain];
  if (n.dnsClient !== undefined) o['dns_client'] = n.dnsClient;
  if (n.outer === true) o['ech_outer'] = true;
  o['frame'] = n.frame;
  if (n.resolver !== undefined) o['resolver'] = n.resolver;
  o['source'] = n.source;
  o['ts'] = n.tsNs === null ? null : formatEpochNs(n.tsNs);
  if (n.ttl !== undefined) o['ttl'] = n.ttl;
  o['value'] = n.value;
  return o;
}
