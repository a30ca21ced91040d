/**
 * Zeek conn.log `history` letters (scripts/base/protocols/conn/main.zeek, field `history`).
 *
 * Upper case for the originator, lower case for the responder. 'a', 'd', 'i', 'q' (and UDP 'd')
 * are recorded once per direction (Connection::CheckHistory); 's', 'h', 'f', 'r' repeat when their
 * sequence number differs from the last one of that kind (TCP analyzer update_history);
 * 'c', 'g', 't', 'w' are logarithmic: the 1st, 10th, 100th … occurrence adds a letter
 * (Connection::ScaledHistoryEntry). '^' marks a direction flip.
 * @module flow/history
 */

/** Something that carries a history string and its once-only bits (a live flow). */
export interface HistoryHolder {
  history: string;
  /** Bits of once-only events seen: originator in the low 16 bits, responder in the high 16. */
  histSeen: number;
}

/** Once-only event bits (Zeek TCP_Endpoint HIST_* values). */
export const HIST_SYN_PKT = 0x1;
export const HIST_FIN_PKT = 0x2;
export const HIST_RST_PKT = 0x4;
export const HIST_FIN_RST_PKT = 0x8;
export const HIST_DATA_PKT = 0x10;
export const HIST_ACK_PKT = 0x20;
export const HIST_MULTI_FLAG_PKT = 0x40;

/** Indexes of the scaled counters kept per endpoint. */
export const SCALED_RXMIT = 0;
export const SCALED_WIN0 = 1;
export const SCALED_GAP = 2;
const SCALED_LETTERS = ['T', 'W', 'G'] as const;

/** Growth of the scaled thresholds: 1, 10, 100, … (Zeek's default scaling base). */
const SCALING_BASE = 10;

/** Appends `code` (upper case) in the case of the direction. */
export function addHistory(h: HistoryHolder, code: string, isOrig: boolean): void {
  h.history += isOrig ? code : code.toLowerCase();
}

/**
 * Records a once-only event: the first time adds the letter and returns false;
 * later calls return true (already seen), as Zeek's Connection::CheckHistory.
 */
export function checkHistory(h: HistoryHolder, mask: number, code: string, isOrig: boolean): boolean {
  const m = isOrig ? mask : mask << 16;
  if ((h.histSeen & m) === 0) {
    h.histSeen |= m;
    addHistory(h, code, isOrig);
    return false;
  }
  return true;
}

/**
 * Per-endpoint counters for the logarithmic letters: count and next threshold of each kind, as
 * plain number fields of the endpoint (no arrays: a flow's TCP state stays two objects).
 */
export interface ScaledCounters {
  cnt0: number;
  cnt1: number;
  cnt2: number;
  thresh0: number;
  thresh1: number;
  thresh2: number;
}

/** Counts one event of kind `which`; adds its letter when the count reaches the threshold. */
export function scaledHistory(h: HistoryHolder, c: ScaledCounters, which: number, isOrig: boolean): void {
  const n = (which === 0 ? c.cnt0 : which === 1 ? c.cnt1 : c.cnt2) + 1;
  const t = which === 0 ? c.thresh0 : which === 1 ? c.thresh1 : c.thresh2;
  let cnt = n;
  let thresh = t;
  if (n === t) {
    addHistory(h, SCALED_LETTERS[which] ?? '?', isOrig);
    const next = t * SCALING_BASE;
    if (next > 0xffff_ffff) cnt = 0;
    else thresh = next;
  }
  if (which === 0) {
    c.cnt0 = cnt;
    c.thresh0 = thresh;
  } else if (which === 1) {
    c.cnt1 = cnt;
    c.thresh1 = thresh;
  } else {
    c.cnt2 = cnt;
    c.thresh2 = thresh;
  }
}
