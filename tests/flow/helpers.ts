/** Small helpers shared by the flow tests. */
import { withLimits, type Limits } from '../../src/core/index.js';
import type { Packet } from '../../src/decode/index.js';
import { FlowTable, type FlowRecord } from '../../src/flow/index.js';

/** Runs packets through a fresh table and returns every finished record, sorted by first frame. */
export function runFlows(packets: readonly Packet[], limits: Partial<Limits> = {}): FlowRecord[] {
  const table = new FlowTable(withLimits(limits));
  for (const p of packets) table.observe(p);
  const out = table.flush();
  return out.sort((a, b) => a.firstFrame - b.firstFrame);
}

/** The single record the packets must form. */
export function oneFlow(packets: readonly Packet[], limits: Partial<Limits> = {}): FlowRecord {
  const recs = runFlows(packets, limits);
  if (recs.length !== 1) throw new Error(`expected 1 flow, got ${recs.length}: ${recs.map((r) => r.history).join(',')}`);
  return recs[0]!;
}
