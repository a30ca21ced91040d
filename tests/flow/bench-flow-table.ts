/**
 * Micro-benchmark (not a test): ~1.3 M packets over ~50 k flows through FlowTable.
 * Packets are built in the loop (fresh address strings each time, although the decoder formats
 * text only on demand; address bytes made once per flow and direction, as the decoder lends the
 * frame's); the cost of building them alone is measured and subtracted.
 * Run: npx tsx tests/flow/bench-flow-table.ts
 */
import { withLimits, type IpAddr } from '../../src/core/index.js';
import type { Packet } from '../../src/decode/index.js';
import { FlowTable } from '../../src/flow/index.js';

const FLOWS = 50_000;
const PACKETS = 1_300_000;
const EMPTY = new Uint8Array(0);
/** Packets in a row from one flow (env BURST, default 1 = no locality: worst case). */
const BURST = Number(process.env.BURST ?? 1);
const NONE: readonly never[] = [];

/** Address bytes per flow and direction, made once (the decoder lends the frame's bytes). */
const ADDR_BYTES = Array.from({ length: FLOWS * 2 }, (_, k) => {
  const f = k >> 1;
  const cb = [10, (f >> 8) & 7, f & 255, 7];
  const sb = [203, 0, (f >> 4) & 15, f & 127];
  return Uint8Array.from((k & 1) === 0 ? [...cb, ...sb] : [...sb, ...cb]);
});

function makePacket(i: number): Packet {
  const f = ((Math.floor(i / BURST)) * 7919) % FLOWS;
  const c = `10.${(f >> 8) & 7}.${f & 255}.7` as IpAddr;
  const s = `203.0.${(f >> 4) & 15}.${f & 127}` as IpAddr;
  const fromClient = (i & 1) === 0;
  const cport = 20000 + (f % 40000);
  const udp = f % 4 === 0;
  const addrBytes = ADDR_BYTES[f * 2 + (fromClient ? 0 : 1)]!;
  return {
    frame: i + 1, tsNs: 1_700_000_000_000_000_000n + BigInt(i) * 20_000n, tsSec: 1_700_000_000 + Math.floor(i / 50_000), tsNsec: (i % 50_000) * 20_000, tsExact: null, vlan: NONE, srcMac: -1, outerSrcMac: -1, tunnels: NONE,
    ipVersion: 4, src: fromClient ? c : s, dst: fromClient ? s : c, addrBytes, srcOff: 0, dstOff: 4, ipProto: udp ? 17 : 6, ipLength: 140,
    fragmentFrames: NONE,
    transport: udp
      ? { proto: 'udp', srcPort: fromClient ? cport : 53, dstPort: fromClient ? 53 : cport, length: 108 }
      : { proto: 'tcp', srcPort: fromClient ? cport : 443, dstPort: fromClient ? 443 : cport, seq: (i * 100) >>> 0, ack: (i * 50) >>> 0, flags: 0x10, window: 1000, headerLength: 20 },
    payload: EMPTY, payloadLength: 100,
  };
}

function baseline(): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < PACKETS; i++) sink += makePacket(i).ipLength;
  if (sink === 42) console.log('');
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function run(): number {
  let finished = 0;
  const table = new FlowTable(withLimits({}), { onFinished: () => { finished++; } });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < PACKETS; i++) {
    const p = makePacket(i);
    table.observe(p);
    if ((i & 0xffff) === 0) table.expireIdle(p.tsNs);
  }
  table.flush();
  if (finished !== table.stats.created) throw new Error('lost flows');
  if (process.env.STATS) console.log(table.stats);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

for (let r = 0; r < 5; r++) {
  const b = baseline();
  const s = run();
  const net = s - b;
  console.log(`run ${r}: total ${(s * 1000).toFixed(0)} ms, packet building ${(b * 1000).toFixed(0)} ms → flow table ${(PACKETS / net / 1e6).toFixed(2)} M packets/s (${(net * 1e9 / PACKETS).toFixed(0)} ns/packet, ${FLOWS} flows)`);
}
