// Soak benchmark for `egress-verify monitor` (issue 8): a generated pcap stream of N packets in
// F distinct UDP flows (10 packets each, to F distinct public addresses, 1 ms apart) is piped at
// full speed into `node dist/cli/bin.js monitor`; prints packets/s and the monitor's peak RSS at
// several stream lengths, to show memory stays flat. With --dns-every K every K-th flow is instead
// a DNS query and its response (an A record) to 8.8.8.8, a resolver the default policy permits,
// for a distinct name. Usage:
//   npm run build && node bench/soak-monitor.mjs [--flows 1000000] [--steps 4] [--max-report-flows 20000]
//     [--dns-every K] [--max-report-dns N (default: --max-report-flows)]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/cli/bin.js');
const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i < 0 ? d : Number(args[i + 1]); };
const FLOWS = opt('--flows', 1_000_000);
const STEPS = opt('--steps', 4);
const PER_FLOW = 10;
/** Flows kept for the final report; beyond, PASS flows are folded (the monitor default is 100000). */
const MAX_REPORT_FLOWS = opt('--max-report-flows', 20_000);
/** Every K-th flow is a DNS lookup (0: none). */
const DNS_EVERY = opt('--dns-every', 0);
/** DNS transactions kept for the final report (the monitor's default is --max-report-flows). */
const MAX_REPORT_DNS = opt('--max-report-dns', MAX_REPORT_FLOWS);
/** The resolver of the DNS lookups: 8.8.8.8 (US). */
const RESOLVER = 0x08080808;
const isDns = (f) => DNS_EVERY > 0 && f % DNS_EVERY === 0;

/** A deterministic public-looking IPv4 destination for flow i (skips 0/8, 10/8, 127/8, 169.254/16, 172.16/12, 192.168/16, 100.64/10, 224+). */
function dest(i) {
  let x = (Math.imul(i + 1, 2654435761) >>> 0);
  for (;;) {
    const a = x >>> 24;
    const b = (x >>> 16) & 0xff;
    const bad = a === 0 || a === 10 || a === 127 || a >= 224 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b < 128) || a === 198 || a === 203 || a === 192;
    if (!bad) return x;
    x = (Math.imul(x, 2246822519) + 374761393) >>> 0;
  }
}

/** A DNS message for `h<f>.example.com` A (RFC 1035 §4.1): the query, or the response with one A record `addr`. */
function dnsMessage(f, response, addr) {
  const labels = [`h${f}`, 'example', 'com'];
  const qname = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.of(l.length), Buffer.from(l, 'latin1')])), Buffer.of(0)]);
  const head = Buffer.alloc(12);
  head.writeUInt16BE(f & 0xffff, 0); head.writeUInt16BE(response ? 0x8180 : 0x0100, 2); head.writeUInt16BE(1, 4); head.writeUInt16BE(response ? 1 : 0, 6);
  const question = Buffer.concat([qname, Buffer.of(0, 1, 0, 1)]); // type A, class IN
  if (!response) return Buffer.concat([head, question]);
  const rr = Buffer.alloc(16);
  rr.writeUInt16BE(0xc00c, 0); rr.writeUInt16BE(1, 2); rr.writeUInt16BE(1, 4); rr.writeUInt32BE(300, 6); rr.writeUInt16BE(4, 10); rr.writeUInt32BE(addr, 12);
  return Buffer.concat([head, question, rr]);
}

const UDP_PAYLOAD = Buffer.alloc(64, 0x61);

export function* packets(flows) {
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6); hdr.writeUInt32LE(65535, 16); hdr.writeUInt32LE(1, 20);
  yield hdr;
  const batch = 4096;
  const most = 16 + 14 + 20 + 8 + 512;
  let buf = Buffer.alloc(batch * most);
  let n = 0;
  let off = 0;
  const t0 = 1_782_000_000; // July 2026
  for (let f = 0; f < flows; f++) {
    const src = 0x0a000000 | ((f % 250) + 1); // 10.0.0.x
    const cport = 40000 + (f % 20000);
    const dns = isDns(f);
    const d = dest(f);
    const count = dns ? 2 : PER_FLOW;
    for (let k = 0; k < count; k++) {
      const fromClient = k % 2 === 0;
      const payload = dns ? dnsMessage(f, !fromClient, d) : UDP_PAYLOAD;
      const server = dns ? RESOLVER : d;
      const sport = dns ? 53 : 4433;
      const len = 14 + 20 + 8 + payload.length;
      const ms = f * PER_FLOW + k;
      buf.writeUInt32LE(t0 + Math.floor(ms / 1000), off); buf.writeUInt32LE((ms % 1000) * 1000, off + 4);
      buf.writeUInt32LE(len, off + 8); buf.writeUInt32LE(len, off + 12);
      const p = off + 16;
      buf.fill(0, p, p + 12); buf.writeUInt16BE(0x0800, p + 12);
      const ip = p + 14;
      buf.writeUInt8(0x45, ip); buf.writeUInt8(0, ip + 1); buf.writeUInt16BE(20 + 8 + payload.length, ip + 2); buf.writeUInt32BE(0, ip + 4);
      buf.writeUInt8(64, ip + 8); buf.writeUInt8(17, ip + 9); buf.writeUInt16BE(0, ip + 10);
      buf.writeUInt32BE(fromClient ? src : server, ip + 12); buf.writeUInt32BE(fromClient ? server : src, ip + 16);
      const udp = ip + 20;
      buf.writeUInt16BE(fromClient ? cport : sport, udp); buf.writeUInt16BE(fromClient ? sport : cport, udp + 2);
      buf.writeUInt16BE(8 + payload.length, udp + 4); buf.writeUInt16BE(0, udp + 6);
      payload.copy(buf, udp + 8);
      off += 16 + len;
      if (++n === batch) { yield buf.subarray(0, off); buf = Buffer.alloc(batch * most); n = 0; off = 0; }
    }
  }
  if (off > 0) yield buf.subarray(0, off);
}

/** Packets in a stream of `flows` flows. */
const packetCount = (flows) => {
  const dns = DNS_EVERY > 0 ? Math.ceil(flows / DNS_EVERY) : 0;
  return (flows - dns) * PER_FLOW + dns * 2;
};

async function run(flows) {
  const out = join(mkdtempSync(join(tmpdir(), 'ev-soak-')), 'final.json');
  const timeFile = join(dirname(out), 'time');
  const child = spawn('/usr/bin/time', ['-f', '%M %e', '-o', timeFile, process.execPath, CLI, 'monitor', '--reproducible', '--out', out, '--status-every', '3600', '--max-report-flows', String(MAX_REPORT_FLOWS), '--max-report-dns', String(MAX_REPORT_DNS)], { stdio: ['pipe', 'ignore', 'inherit'] });
  const t = Date.now();
  for (const chunk of packets(flows)) {
    if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  const code = await new Promise((r) => child.on('exit', r));
  const [rssKiB, wall] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  const rep = JSON.parse(readFileSync(out, 'utf8'));
  return {
    flows, packets: packetCount(flows), code, wallS: (Date.now() - t) / 1000, timeWall: wall, rssMiB: rssKiB / 1024, reportFlows: rep.flows.length,
    folded: rep.flow_table.folded ?? null, reportDns: rep.dns.length, dnsFolded: rep.names.dns_folded ?? null, verdict: rep.verdict.verdict,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

async function main() {
if (!existsSync(CLI)) { console.error('build first: npm run build'); process.exit(1); }
console.log(`dns-every ${DNS_EVERY}, max-report-flows ${MAX_REPORT_FLOWS}, max-report-dns ${MAX_REPORT_DNS}`);
console.log('| flows | packets | wall s | packets/s | peak RSS MiB | flows in report | folded pass/ignored/inconclusive | DNS in report | DNS folded pass/ignored/inconclusive | verdict |');
console.log('|---:|---:|---:|---:|---:|---:|---|---:|---|---|');
for (let s = 1; s <= STEPS; s++) {
  const flows = Math.round((FLOWS * s) / STEPS);
  const r = await run(flows);
  const fold = (x) => (x === null ? '-' : `${x.pass}/${x.ignored}/${x.inconclusive}`);
  console.log(`| ${r.flows} | ${r.packets} | ${r.wallS.toFixed(1)} | ${Math.round(r.packets / r.wallS)} | ${r.rssMiB.toFixed(0)} | ${r.reportFlows} | ${fold(r.folded)} | ${r.reportDns} | ${fold(r.dnsFolded)} | ${r.verdict} (exit ${r.code}) |`);
}
}
