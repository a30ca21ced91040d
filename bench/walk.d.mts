/** Push parser over pcap/pcapng bytes that counts records (see walk.mjs). */
export interface Walker {
  /** Feeds the next chunk of the file; the chunk is not retained. */
  feed(chunk: Buffer): void;
  /** Totals so far. */
  result(): { packets: number; bytes: number; format: string };
}
/** Creates a record walker. */
export function makeWalker(): Walker;
