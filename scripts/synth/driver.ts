/**
 * The event loop of the synthesizer: sessions are generator functions that write one packet per
 * step (at the driver's clock) and yield the delay to their next packet; a binary heap keyed on
 * the next packet time interleaves them so the capture is in timestamp order.
 * @module synth/driver
 */
import type { FrameSink } from './writer.js';
import type { Message, RandomPool } from './messages.js';
import type { Prng } from './prng.js';
import { FrameBuilder, type Path } from './packets.js';

/** A session: writes a packet per step, yields µs until its next packet. */
export type SessionGen = Generator<number, void, void>;

interface Slot {
  t: number;
  seq: number;
  readonly gen: SessionGen;
  readonly estimate: number;
}

/** Min-heap on (t, seq). */
class SlotHeap {
  readonly #a: Slot[] = [];

  get size(): number {
    return this.#a.length;
  }

  peek(): Slot | undefined {
    return this.#a[0];
  }

  #less(x: Slot, y: Slot): boolean {
    return x.t < y.t || (x.t === y.t && x.seq < y.seq);
  }

  push(s: Slot): void {
    const a = this.#a;
    a.push(s);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): Slot | undefined {
    const a = this.#a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && this.#less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.#less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Shared state for sessions: clock, frame builder, sink, PRNG, random pool and counters. */
export class Driver {
  /** Current time in µs since the epoch; the packet being written is stamped with it. */
  clock: number;
  packets = 0;
  /** Sum of estimates of running sessions' remaining bytes (for size targeting). */
  outstanding = 0;
  readonly b = new FrameBuilder();
  readonly #heap = new SlotHeap();
  #seq = 0;

  /** @param startUs time of the first packet */
  constructor(readonly sink: FrameSink, readonly rng: Prng, readonly pool: RandomPool, startUs: number) {
    this.clock = startUs;
  }

  /** Number of running sessions. */
  get running(): number {
    return this.#heap.size;
  }

  /** Time of the next packet of any running session (Infinity if none). */
  get nextTime(): number {
    return this.#heap.peek()?.t ?? Number.POSITIVE_INFINITY;
  }

  /** Schedules a session whose first packet is at `t`; `estimate` is its expected bytes on the wire. */
  start(gen: SessionGen, t: number, estimate: number): void {
    this.outstanding += estimate;
    this.#heap.push({ t, seq: this.#seq++, gen, estimate });
  }

  /** Runs the earliest session for one packet. */
  step(): void {
    const slot = this.#heap.pop();
    if (slot === undefined) return;
    this.clock = Math.max(this.clock, slot.t);
    const r = slot.gen.next();
    if (r.done === true) {
      this.outstanding -= slot.estimate;
      return;
    }
    slot.t = this.clock + Math.max(1, Math.round(r.value));
    slot.seq = this.#seq++;
    this.#heap.push(slot);
  }

  /** Writes a TCP segment carrying msg[at, at+len) (or nothing when len is 0). */
  tcp(path: Path, fromClient: boolean, flags: number, seq: number, ack: number, msg?: Message, at = 0, len = 0): void {
    if (msg !== undefined && len > 0) msg.write(this.b.buf, this.b.payloadOffset(path, 'tcp'), at, len);
    const n = this.b.tcp(path, fromClient, flags, seq, ack, len);
    this.sink.writeFrame(this.clock, this.b.buf, n);
    this.packets++;
  }

  /** Writes a UDP datagram with the given payload bytes. */
  udp(path: Path, fromClient: boolean, payload: Uint8Array): void {
    this.b.buf.set(payload, this.b.payloadOffset(path, 'udp'));
    this.udpInPlace(path, fromClient, payload.length);
  }

  /** Writes a UDP datagram whose payload the caller already put at payloadOffset(path,'udp'). */
  udpInPlace(path: Path, fromClient: boolean, len: number): void {
    const n = this.b.udp(path, fromClient, len);
    this.sink.writeFrame(this.clock, this.b.buf, n);
    this.packets++;
  }
}
