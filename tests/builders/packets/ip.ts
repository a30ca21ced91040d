/**
 * IPv4 and IPv6 (with extension headers) builders.
 * @module tests/builders/packets/ip
 */
import { be, checksum, concat, ipv4Bytes, ipv6Bytes } from './bytes.js';

export interface Ipv4Options {
  src?: string; // 10.0.0.1
  dst?: string; // 192.0.2.1
  proto?: number; // 6 (TCP)
  id?: number; // 0x1234
  ttl?: number; // 64
  tos?: number; // 0x00
  df?: boolean; // false
  mf?: boolean; // false
  /** Fragment offset in bytes (multiple of 8): 0. */
  fragOffset?: number;
  /** Options bytes (padded to 4 by the caller). */
  options?: Uint8Array;
  /** Overrides: version nibble (4), IHL in words (computed), total length (computed). */
  version?: number;
  ihl?: number;
  totalLength?: number;
}


/** IPv4 header (RFC 791) + payload, with a computed header checksum. */
export function ipv4(payload: Uint8Array = new Uint8Array(0), o: Ipv4Options = {}): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const ihl = o.ihl ?? (20 + opts.length) / 4;
  const total = o.totalLength ?? 20 + opts.length + payload.length;
  const ff = (o.df === true ? 0x4000 : 0) | (o.mf === true ? 0x2000 : 0) | ((o.fragOffset ?? 0) >> 3);
  const h = concat(
    Uint8Array.of(((o.version ?? 4) << 4) | (ihl & 0x0f), o.tos ?? 0),
    be(total, 2),
    be(o.id ?? 0x1234, 2),
    be(ff, 2),
    Uint8Array.of(o.ttl ?? 64, o.proto ?? 6),
    be(0, 2),
    ipv4Bytes(o.src ?? '10.0.0.1'),
    ipv4Bytes(o.dst ?? '192.0.2.1'),
    opts,
  );
  const c = checksum(h);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return concat(h, payload);
}

/** An IPv6 extension header for `ipv6({ ext })`. */
export type Ipv6Ext =
  | { type: 'hop-by-hop' | 'dest-opts'; /** option bytes, padded to 8n+6 by the builder */ options?: Uint8Array }
  | { type: 'routing'; routingType?: number; segmentsLeft?: number; addresses?: readonly string[] }
  | { type: 'fragment'; offset?: number; more?: boolean; id?: number }
  | { type: 'ah'; spi?: number; seq?: number; icvLength?: number };

const EXT_NUMBER = { 'hop-by-hop': 0, routing: 43, fragment: 44, ah: 51, 'dest-opts': 60 } as const;

function extBody(e: Ipv6Ext, next: number): Uint8Array {
  switch (e.type) {
    case 'hop-by-hop':
    case 'dest-opts': {
      const opts = e.options ?? new Uint8Array(0);
      const len = Math.ceil((opts.length + 2) / 8) * 8;
      const body = concat(Uint8Array.of(next, len / 8 - 1), opts, new Uint8Array(len - 2 - opts.length));
      if (len - 2 - opts.length >= 2) body[2 + opts.length] = 1; // PadN
      if (len - 2 - opts.length >= 2) body[3 + opts.length] = len - 4 - opts.length;
      return body;
    }
    case 'routing': {
      const addrs = (e.addresses ?? ['2001:db8::99']).map(ipv6Bytes);
      return concat(Uint8Array.of(next, addrs.length * 2, e.routingType ?? 0, e.segmentsLeft ?? addrs.length), be(0, 4), ...addrs);
    }
    case 'fragment':
      return concat(Uint8Array.of(next, 0), be((e.offset ?? 0) | (e.more === true ? 1 : 0), 2), be(e.id ?? 0xabcd, 4));
    case 'ah': {
      const icv = e.icvLength ?? 12;
      return concat(Uint8Array.of(next, (12 + icv) / 4 - 2), be(0, 2), be(e.spi ?? 0x100, 4), be(e.seq ?? 1, 4), new Uint8Array(icv));
    }
  }
}

export interface Ipv6Options {
  src?: string; // 2001:db8::1
  dst?: string; // 2001:db8::2
  /** Upper-layer protocol after the extension headers: 6. */
  nextHeader?: number;
  hopLimit?: number; // 64
  trafficClass?: number; // 0x00
  flowLabel?: number; // 0x00000
  ext?: readonly Ipv6Ext[];
  /** Overrides: version nibble (6), payload length (computed). */
  version?: number;
  payloadLength?: number;
}

/** IPv6 header (RFC 8200) + extension headers + payload. */
export function ipv6(payload: Uint8Array = new Uint8Array(0), o: Ipv6Options = {}): Uint8Array {
  const exts = o.ext ?? [];
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < exts.length; i++) {
    const next = i + 1 < exts.length ? EXT_NUMBER[exts[i + 1]!.type] : (o.nextHeader ?? 6);
    bodies.push(extBody(exts[i]!, next));
  }
  const first = exts.length > 0 ? EXT_NUMBER[exts[0]!.type] : (o.nextHeader ?? 6);
  const rest = concat(...bodies, payload);
  const vtf = (((o.version ?? 6) & 0xf) * 0x10000000) + ((o.trafficClass ?? 0) << 20) + (o.flowLabel ?? 0);
  return concat(
    be(vtf, 4),
    be(o.payloadLength ?? rest.length, 2),
    Uint8Array.of(first, o.hopLimit ?? 64),
    ipv6Bytes(o.src ?? '2001:db8::1'),
    ipv6Bytes(o.dst ?? '2001:db8::2'),
    rest,
  );
}
