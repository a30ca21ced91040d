/**
 * LAN clients and public destinations for the traffic model. Destinations are drawn from the
 * prefix table in destinations.tsv (real RIR allocations; country labels are indicative only).
 * @module synth/hosts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Prng } from './prng.js';

/** One row of destinations.tsv. */
export interface PrefixEntry {
  readonly prefix: string;
  readonly base: Uint8Array;
  readonly bits: number;
  readonly country: string;
  readonly org: string;
  readonly domain: string;
}

/** A LAN host: IPv4 always, IPv6 for dual-stack ones. */
export interface Client {
  readonly mac: Uint8Array;
  readonly ip4: Uint8Array;
  readonly ip6: Uint8Array | null;
}

/** A public server with the name clients resolve and connect to. */
export interface Destination {
  readonly ip: Uint8Array;
  readonly v6: boolean;
  readonly name: string;
  /** CNAME target the DNS answer goes through, if any. */
  readonly cname: string | null;
  readonly entry: PrefixEntry;
  /** TTL / hop limit of packets arriving from it. */
  readonly ttl: number;
}

/** Parses "a.b.c.d/n" or an IPv6 "x:y::/n" prefix. */
export function parsePrefix(text: string): { base: Uint8Array; bits: number } {
  const [addr = '', bitsText = ''] = text.split('/');
  return { base: parseIp(addr), bits: Number(bitsText) };
}

/** Parses dotted-quad IPv4 or RFC 4291 §2.2 IPv6 text (no embedded IPv4). */
export function parseIp(text: string): Uint8Array {
  if (!text.includes(':')) return Uint8Array.from(text.split('.').map(Number));
  const out = new Uint8Array(16);
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >>> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

/** RFC 5952 text for a 4- or 16-byte address. */
export function formatIp(ip: Uint8Array): string {
  if (ip.length === 4) return Array.from(ip).join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((ip[i]! << 8) | ip[i + 1]!);
  let bestAt = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((v) => v.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

/** A random host address inside a prefix, avoiding all-zero and all-ones host parts in the last byte. */
export function addressIn(rng: Prng, base: Uint8Array, bits: number): Uint8Array {
  const ip = Uint8Array.from(base);
  for (let i = 0; i < ip.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    if (keep === 8) continue;
    const mask = (0xff >>> keep) & 0xff;
    const r = ip.length === 16 && i >= 8 && i < 14 ? 0 : rng.int(256); // IPv6: sparse-looking IIDs
    ip[i] = (ip[i]! & ~mask) | (r & mask);
  }
  const last = ip.length - 1;
  if (ip[last] === 0 || ip[last] === 255) ip[last] = 1 + rng.int(254);
  return ip;
}

/** Loads destinations.tsv (next to this module). */
export function loadPrefixTable(path = fileURLToPath(new URL('./destinations.tsv', import.meta.url))): PrefixEntry[] {
  const rows: PrefixEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [prefix = '', country = '', org = '', domain = ''] = line.split('\t');
    const { base, bits } = parsePrefix(prefix);
    rows.push({ prefix, base, bits, country, org, domain });
  }
  return rows;
}

/** The LAN: gateway/resolver addresses and MAC. */
export const LAN = {
  gatewayMac: Uint8Array.from([0x02, 0x42, 0xc0, 0xa8, 0x01, 0x01]),
  gateway4: Uint8Array.from([192, 168, 1, 1]),
  gateway6: parseIp('2001:db8:1:1::1'),
} as const;

/** `count` clients, the first `dualStack` of which also have an IPv6 address in 2001:db8:1:1::/64. */
export function makeClients(rng: Prng, count: number, dualStack: number): Client[] {
  const out: Client[] = [];
  for (let i = 0; i < count; i++) {
    const n = 10 + i;
    const mac = Uint8Array.from([0x02, 0x00, 0x5e, rng.int(256), n >>> 8, n & 0xff]);
    const ip4 = count <= 240 ? Uint8Array.from([192, 168, 1, n]) : Uint8Array.from([10, 0, n >>> 8, n & 0xff]);
    let ip6: Uint8Array | null = null;
    if (i < dualStack) {
      ip6 = addressIn(rng, LAN.gateway6, 64);
      for (let k = 8; k < 16; k++) ip6[k] = rng.int(256);
    }
    out.push({ mac, ip4, ip6 });
  }
  return out;
}

const LABELS = ['www', 'api', 'cdn', 'static', 'img', 'login', 'mail', 'update', 'push', 'edge', 'telemetry', 'files', 'video', 'news', 'sync'];

/** `count` destinations drawn across the table (round-robin first, so every row is used). */
export function makeDestinations(rng: Prng, table: readonly PrefixEntry[], count: number): Destination[] {
  const out: Destination[] = [];
  for (let i = 0; i < count; i++) {
    const entry = i < table.length ? table[i]! : rng.pick(table);
    const v6 = entry.base.length === 16;
    const label = rng.pick(LABELS);
    const name = i < table.length * 2 ? `${label}.${entry.domain}` : `${label}${rng.int(100)}.${entry.domain}`;
    const cname = rng.chance(0.3) ? `${label}-${rng.int(1000)}.edge.${entry.domain}` : null;
    out.push({ ip: addressIn(rng, entry.base, entry.bits), v6, name, cname, entry, ttl: 40 + rng.int(20) });
  }
  return out;
}
