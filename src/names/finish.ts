/**
 * A finished flow's names: sorted evidence, the best name, and the flags that say what could not
 * be seen. Pure.
 * @module names/finish
 */
import type { FlowNameState } from './flow-state.js';
import type { FlowNames, NameEvidence, NameFlag, NameSource } from './types.js';

/** A flow about which nothing was learnt. */
export const EMPTY_NAMES: FlowNames = Object.freeze({ names: Object.freeze([]), name: null, nameSource: null, flags: Object.freeze(['no_name'] as NameFlag[]), alpn: Object.freeze([]), service: null });

/** Preference for the best name: what the client said it wanted over what DNS said. */
const RANK: Readonly<Record<NameSource, number>> = { quic_sni: 0, tls_sni: 0, http_host: 1, dns: 2, pcapng_nrb: 3 };

/** Evidence order in reports: by frame (NRB names, without a frame, last), then source, then value. */
export function compareNames(a: NameEvidence, b: NameEvidence): number {
  const fa = a.frame ?? Number.MAX_SAFE_INTEGER;
  const fb = b.frame ?? Number.MAX_SAFE_INTEGER;
  if (fa !== fb) return fa - fb;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** The best name among `names`: SNI, then Host, then the most recent DNS answer, then NRB. */
export function bestName(names: readonly NameEvidence[]): NameEvidence | null {
  let best: NameEvidence | null = null;
  for (const n of names) {
    if (best === null) { best = n; continue; }
    const r = RANK[n.source] - RANK[best.source];
    if (r < 0 || (r === 0 && n.source !== 'dns' && (n.frame ?? 0) < (best.frame ?? 0)) || (r === 0 && n.source === 'dns' && (n.frame ?? 0) > (best.frame ?? 0))) best = n;
  }
  return best;
}

/** Flags that follow from the names themselves, added to `flags` (a short list: no Set per flow). */
function derivedFlags(names: readonly NameEvidence[], flags: NameFlag[], answeredAfter: boolean): void {
  const add = (f: NameFlag): void => {
    if (!flags.includes(f)) flags.push(f);
  };
  let dnsNames = 0;
  for (const n of names) {
    if (n.source === 'dns') dnsNames++;
    if ((n.source === 'tls_sni' || n.source === 'quic_sni') && !namedByDns(names, n.value)) add('sni_not_in_dns');
  }
  if (names.length === 0) add('no_name');
  if (answeredAfter && dnsNames === 0) add('dns_after_start');
}

/** Whether a DNS answer among `names` named `value` (as the asked name or along its CNAME chain). */
function namedByDns(names: readonly NameEvidence[], value: string): boolean {
  for (const n of names) {
    if (n.source !== 'dns') continue;
    if (n.value === value || (n.cnameChain?.includes(value) ?? false)) return true;
  }
  return false;
}

/** The FlowNames of a finished flow from its state (null: nothing but the join was tried). */
export function finishNames(st: FlowNameState | null, answeredAfter: boolean): FlowNames {
  const names = st === null ? [] : st.names.length < 2 ? [...st.names] : [...st.names].sort(compareNames);
  const flags: NameFlag[] = st === null ? [] : [...st.flags];
  derivedFlags(names, flags, answeredAfter);
  const best = bestName(names);
  const out: FlowNames = { names, name: best?.value ?? null, nameSource: best?.source ?? null, flags: flags.sort(), alpn: st?.alpn ?? [], service: st?.service ?? (st?.dns != null ? 'dns' : null) };
  return st === null || st.proxied.length === 0 ? out : { ...out, proxied: st.proxiedWithBytes() };
}

/** Adds names learnt after the flow finished (pcapng Name Resolution Blocks). */
export function withExtraNames(fn: FlowNames, extra: readonly NameEvidence[]): FlowNames {
  if (extra.length === 0) return fn;
  const names = [...fn.names];
  for (const e of extra) if (!names.some((n) => n.value === e.value && n.source === e.source)) names.push(e);
  names.sort(compareNames);
  const flags = fn.flags.filter((f) => f !== 'no_name');
  const best = bestName(names);
  return { ...fn, names, name: best?.value ?? null, nameSource: best?.source ?? null, flags };
}
