/**
 * pcapng Name Resolution Blocks as a name source: the capturing host's own resolutions, which
 * may appear anywhere in the file, so they are applied to flows once all inputs are read.
 * @module pipeline/nrb
 */
import type { CaptureSummary } from '../capture/index.js';
import type { FlowRecord } from '../flow/index.js';
import { withExtraNames, type FlowNames, type NameEvidence } from '../names/index.js';

/** A function adding NRB names (for the flow's responder address) to a flow's names. */
export function nrbNames(captures: readonly CaptureSummary[]): (rec: FlowRecord, fn: FlowNames) => FlowNames {
  const byIp = new Map<string, NameEvidence[]>();
  for (const c of captures) {
    for (const r of c.nameRecords) {
      const list = byIp.get(r.ip) ?? [];
      for (const n of r.names) {
        if (!list.some((e) => e.value === n)) list.push({ value: n, source: 'pcapng_nrb', frame: null, tsNs: null });
      }
      byIp.set(r.ip, list);
    }
  }
  if (byIp.size === 0) return (_rec, fn) => fn;
  return (rec, fn) => withExtraNames(fn, byIp.get(rec.respH) ?? []);
}
