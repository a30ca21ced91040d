/**
 * A one-line progress bar on stderr for long reads, only when stderr is a TTY.
 * @module cli/progress
 */

const BAR_WIDTH = 24;
const MIN_INTERVAL_MS = 100;

/** Draws `[#####-----]  42%  123.4 MB  input.pcap`, throttled to 10 Hz. */
export class ProgressBar {
  readonly #out: NodeJS.WritableStream;
  #last = 0;
  #drawn = false;
  readonly #started = Date.now();

  constructor(out: NodeJS.WritableStream) {
    this.#out = out;
  }

  /** Update with bytes read of `total` (total unknown for pipes). */
  update(name: string, bytes: number, total: number | undefined): void {
    const now = Date.now();
    if (now - this.#last < MIN_INTERVAL_MS) return;
    this.#last = now;
    const mb = (bytes / 1e6).toFixed(1);
    const secs = Math.max((now - this.#started) / 1000, 0.001);
    const rate = (bytes / 1e6 / secs).toFixed(0);
    let line: string;
    if (total !== undefined && total > 0) {
      const frac = Math.min(bytes / total, 1);
      const fill = Math.round(frac * BAR_WIDTH);
      line = `[${'#'.repeat(fill)}${'-'.repeat(BAR_WIDTH - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${mb} MB  ${rate} MB/s  ${name}`;
    } else {
      line = `${mb} MB  ${rate} MB/s  ${name}`;
    }
    this.#out.write(`\r\x1b[2K${line.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 120)}`);
    this.#drawn = true;
  }

  /** Erase the bar. */
  done(): void {
    if (this.#drawn) this.#out.write('\r\x1b[2K');
    this.#drawn = false;
  }
}
