/**
 * Whether the evidence is complete enough for PASS: every capture read to its end, no drops
 * reported by the capturing interface, nothing evicted or capped, decoded coverage at least the
 * policy's minimum. Each gap is one reason (inconclusive unless the policy says warning).
 * @module policy/completeness
 */
import type { Policy } from './model.js';
import { sortReasons, type Reason } from './reasons.js';
import type { EvaluationContext } from './types.js';

/** Frames decoded / frames read, or `null` when no frame was read. */
export function decodedRatio(ctx: EvaluationContext): number | null {
  const c = ctx.coverage;
  return c.framesRead > 0 ? c.framesDecoded / c.framesRead : null;
}

/** Every completeness reason, with `capture:<name>` or the loss code as its subject. */
export function completenessReasons(ctx: EvaluationContext, policy: Policy): { reason: Reason; subject: string }[] {
  const out: { reason: Reason; subject: string }[] = [];
  /** The latest last frame of the inputs before, and which input it is. */
  let latest: { readonly ts: bigint; readonly name: string; readonly input: number } | null = null;
  /** Inputs by content (sha256; '' when not read whole), the first of each. */
  const bySha = new Map<string, { readonly name: string; readonly input: number }>();
  for (const cap of ctx.captures) {
    const subject = `capture:${cap.name}`;
    // The same file twice is refused before reading (cli/sources); a copy under another name is
    // only known by its digest: every packet in it was counted twice.
    // Only inputs with frames: empty rotated files (a header alone) are byte-identical and harmless.
    const compared = cap.sha256 !== '' && typeof cap.firstTsNs === 'bigint';
    const same = compared ? bySha.get(cap.sha256) : undefined;
    if (same !== undefined) {
      out.push({ subject, reason: { code: 'capture.duplicate_input', effect: 'inconclusive', detail: `${cap.name} (input ${cap.input + 1}) has the same sha256 as ${same.name} (input ${same.input + 1}): each of their packets was counted twice; give each capture once` } });
    } else if (compared) bySha.set(cap.sha256, { name: cap.name, input: cap.input });
    // Inputs are read one after the other as one capture: one that starts before an earlier one
    // ends (rotated files given out of order: file1, file10, file2; or captures taken side by
    // side) splits the flows that span them, turns some round and loses their names.
    if (latest !== null && cap.firstTsNs !== undefined && cap.firstTsNs !== null && cap.firstTsNs < latest.ts - OUT_OF_ORDER_TOLERANCE_NS) {
      out.push({ subject, reason: { code: 'capture.inputs_out_of_order', effect: 'inconclusive', detail: `${cap.name} (input ${cap.input + 1}) starts at ${seconds(cap.firstTsNs)}, before ${latest.name} (input ${latest.input + 1}) ends at ${seconds(latest.ts)}: give the inputs in time order (captures taken side by side: merge them first, e.g. mergecap)` } });
    }
    if (cap.lastTsNs !== undefined && cap.lastTsNs !== null && (latest === null || cap.lastTsNs > latest.ts)) latest = { ts: cap.lastTsNs, name: cap.name, input: cap.input };
    const s = cap.stop;
    if (s.kind === 'truncated' || s.kind === 'corrupt') {
      const where = [s.frame === undefined ? '' : ` after frame ${s.frame}`, s.offset === undefined ? '' : ` at byte ${s.offset}`].join('');
      const code = s.kind === 'truncated' ? 'capture.truncated' : 'capture.corrupt';
      out.push({ subject, reason: { code, effect: 'inconclusive', detail: `${cap.name}: reading stopped${where}${s.reason === undefined ? '' : `: ${s.reason}`}` } });
    }
    if (cap.interfaceDrops !== null && cap.interfaceDrops > 0) {
      const effect = policy.completeness.interfaceDrops === 'inconclusive' ? 'inconclusive' : 'warning';
      out.push({ subject, reason: { code: 'capture.interface_drops', effect, detail: `${cap.name}: the interface reported ${cap.interfaceDrops} dropped packets` } });
    }
  }
  const ratio = decodedRatio(ctx);
  const min = policy.completeness.minDecodedRatio;
  if (ratio === null || ratio < min) {
    out.push({ subject: 'coverage', reason: { code: 'coverage.below_threshold', effect: 'inconclusive', detail: coverageDetail(ctx, ratio, min) } });
  }
  for (const loss of [...ctx.evidenceLoss].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    if (loss.count > 0) out.push({ subject: loss.code, reason: { code: 'evidence.lost', effect: 'inconclusive', detail: `${loss.code}: ${loss.count}` } });
  }
  return out;
}

function coverageDetail(ctx: EvaluationContext, ratio: number | null, min: number): string {
  const c = ctx.coverage;
  if (ratio === null) return 'no frames were read';
  const na = Object.entries(c.notAnalysable)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return `${c.framesDecoded} of ${c.framesRead} frames decoded (${formatRatio(ratio)}, minimum ${formatRatio(min)})${na === '' ? '' : `; not analysable: ${na}`}`;
}

/** How far an input may start before the previous ones end (packets reordered across a file rotation). */
const OUT_OF_ORDER_TOLERANCE_NS = 1_000_000_000n;

/** `1717228802.274069000`, as the report writes times. */
function seconds(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const a = ns < 0n ? -ns : ns;
  return `${sign}${a / 1_000_000_000n}.${(a % 1_000_000_000n).toString().padStart(9, '0')}`;
}

/** `99.50%`, truncated (never rounded up to the minimum). */
function formatRatio(r: number): string {
  return `${(Math.floor(r * 10000) / 100).toFixed(2)}%`;
}

/** The reasons alone, sorted. */
export function completenessOnly(ctx: EvaluationContext, policy: Policy): Reason[] {
  return sortReasons(completenessReasons(ctx, policy).map((x) => x.reason));
}
