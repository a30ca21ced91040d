/**
 * One TCP connection from 10.0.0.1 to a proxy at 10.0.0.5:`port` whose client sends `chunks` (one
 * segment each, after the SYN), played through a flow table and the names attributor; `before`
 * are packets played first (e.g. a DNS lookup). Returns the proxy flow's record and names.
 * @module tests/names/client-stream
 */
import { AnomalyLog, withLimits } from '../../src/core/index.js';
import type { Packet } from '../../src/decode/index.js';
import { FlowTable, type FlowRecord } from '../../src/flow/index.js';
import { NameAttributor, type FlowNames } from '../../src/names/index.js';
import { ACK, PSH, SYN, tcpPacket } from '../builders/flow-packets.js';

export function clientStreamFlow(port: number, chunks: readonly Uint8Array[], before: readonly Packet[] = []): { rec: FlowRecord; names: FlowNames } {
  const lim = withLimits({});
  const attributor = new NameAttributor({ limits: lim, anomalies: new AnomalyLog(5) });
  let out: { rec: FlowRecord; names: FlowNames } | undefined;
  const table = new FlowTable(lim, {
    onFinished: (rec, annex) => {
      const names = attributor.finish(rec, annex);
      if (rec.respP === port) out = { rec, names };
    },
  });
  const c = { src: '10.0.0.1', dst: '10.0.0.5', sport: 41000, dport: port };
  let seq = 1000;
  const f0 = before.length;
  const pkts = [...before, tcpPacket({ frame: f0 + 1, ...c, seq: seq - 1, flags: SYN })];
  chunks.forEach((p, i) => {
    pkts.push(tcpPacket({ frame: f0 + i + 2, ...c, seq, flags: ACK | PSH, payload: p }));
    seq += p.length;
  });
  for (const p of pkts) {
    const obs = table.observe(p);
    if (obs.kind === 'flow') attributor.observe(obs.flow, obs.dir, p);
  }
  table.flush();
  if (out === undefined) throw new Error(`no flow to port ${port} finished`);
  return out;
}
