/**
 * The per-frame walk: link → (shims) → IP → fragments → transport → tunnels → inner IP …
 * Mutable scratch lives in one Walk per PacketDecoder, and the Packet and its TCP/UDP header are
 * refilled in place, so the hot path allocates nothing for an untagged, untunnelled TCP/UDP packet
 * (address text and the payload view are made only when someone reads them).
 * @module decode/walk
 */
import type { TransportHeader, TunnelLayer } from './types.js';
import { ipDstText, ipSrcText, type IpFields } from './ip-fields.js';
import { readIpv4 } from './ipv4.js';
import { readIpv6 } from './ipv6.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, FAIL, MAX_L2_LAYERS, NOT_DATA, PSEUDO_LINK } from './l2.js';
import { ETHERTYPE_SHIMS, IP_PROTOCOL_TABLE, LINK_DECODERS, IP_TUNNELS, notIpName, UDP_TUNNEL_PORT, UDP_TUNNELS, type TunnelEntry } from './registry.js';
import { REASM_HELD, REASM_REFUSED } from './reassembly.js';
import {
  EMPTY,
  L_FRAG4,
  L_FRAG6,
  L_QINQ,
  L_VLAN,
  ST_HELD,
  ST_MALFORMED,
  ST_NOT_IP,
  ST_PACKET,
  ST_UNSUPPORTED,
  shimLayer,
  TUNNEL_LAYER,
  type Walk,
} from './walk-state.js';
/** Follows EtherTypes through shims until IP or a non-IP payload. */
export function walkL2(w: Walk, buf: Uint8Array, off: number, end: number, depth: number): number {
  const l2 = w.l2;
  for (;;) {
    const et = l2.etherType;
    if (et === ETHERTYPE_IPV4) return walkIp(w, buf, off, end, 4, depth);
    if (et === ETHERTYPE_IPV6) return walkIp(w, buf, off, end, 6, depth);
    const shim = et >= PSEUDO_LINK ? LINK_DECODERS.get(et & 0xffff) : ETHERTYPE_SHIMS.get(et);
    if (shim === undefined && et >= PSEUDO_LINK) {
      w.linkType = et & 0xffff;
      return ST_UNSUPPORTED;
    }
    if (shim === undefined) {
      w.what = notIpName(et);
      return ST_NOT_IP;
    }
    if (++l2.layers > MAX_L2_LAYERS * 2) {
      w.code = 'decoder.vlan.too_many_layers';
      return ST_MALFORMED;
    }
    off = shim(buf, off, end, l2);
    if (off < 0) {
      w.code = l2.code;
      return ST_MALFORMED;
    }
    const layer = shimLayer(et);
    if (layer === L_QINQ || (layer === L_VLAN && l2.vlanCount > 1)) {
      w.layerCounts[L_VLAN]!++;
      w.layerCounts[L_QINQ]!++;
    } else if (layer >= 0) w.layerCounts[layer]!++;
  }
}

/** Decodes an IP header at `off` and everything above it. */
export function walkIp(w: Walk, buf: Uint8Array, off: number, end: number, version: 4 | 6, depth: number): number {
  const ip = w.ips[depth]!;
  const next = version === 4 ? readIpv4(buf, off, end, ip) : readIpv6(buf, off, end, ip);
  if (next < 0) {
    w.code = ip.code;
    return ST_MALFORMED;
  }
  ip.ipOff = off;
  ip.upperOff = next;
  let claimedEnd = off + ip.totalLength;
  if (version === 4 && ip.totalLength === 0) {
    // TCP segmentation offload leaves the length zero; use what was captured (as Zeek does).
    w.note('decoder.ipv4.iplen_zero');
    claimedEnd = end;
  } else if (version === 6 && ip.totalLength === 40 && buf[off + 6] === 0 && end > off + 40) {
    // Payload length 0 with a hop-by-hop header: a jumbogram (RFC 2675) or a bad length.
    w.note('decoder.ipv6.plen_zero');
    claimedEnd = end;
  }
  if (claimedEnd < next) {
    w.code = version === 4 ? 'decoder.ipv4.iplen_smaller_than_hlen' : 'decoder.ipv6.trunc_exthdr';
    return ST_MALFORMED;
  }
  ip.claimedEnd = claimedEnd;
  ip.dataEnd = claimedEnd;
  if (claimedEnd > end) {
    const code = version === 4 ? 'decoder.ipv4.trunc_pkt' : 'decoder.ipv6.trunc_pkt';
    if (!w.l2.snapCut) {
      // Inside a tunnel, an inner datagram longer than its carrier is not trusted: the packet
      // stays in the outer flow rather than inventing an inner one.
      if (depth > 0) {
        w.code = code;
        return ST_MALFORMED;
      }
      w.note(code);
    }
    ip.dataEnd = end;
  }
  ip.buf = buf;
  const l2 = w.l2;
  ip.vlan = l2.vlanCount === 0 ? EMPTY : l2.vlans.slice(0, l2.vlanCount);
  if (ip.fragment) return walkFragment(w, buf, ip, depth);
  return walkUpper(w, buf, ip, depth);
}

function fragmentKey(w: Walk, ip: IpFields, src: string, dst: string): string {
  let key = `${ip.version}|${src}|${dst}|${ip.fragId}`;
  if (ip.version === 4) key += `|${ip.proto}`;
  if (ip.vlan.length > 0) key += `|v${ip.vlan.join('.')}`;
  if (w.tunnels !== null) for (const t of w.tunnels) key += `|${t.kind}:${t.src}>${t.dst}`;
  return key;
}

/** Hands a fragment to the reassembler; decodes the datagram when it completes. */
function walkFragment(w: Walk, buf: Uint8Array, ip: IpFields, depth: number): number {
  const f = w.frag;
  const src = ipSrcText(ip);
  const dst = ipDstText(ip);
  f.key = fragmentKey(w, ip, src, dst);
  f.version = ip.version;
  f.src = src;
  f.dst = dst;
  f.proto = ip.proto;
  f.frame = w.frame;
  f.tsNs = w.tsNs;
  f.buf = buf;
  f.ipOff = ip.ipOff;
  f.unfragLen = ip.fragHdrRel;
  f.prevNhRel = ip.prevNhRel;
  f.fragOffset = ip.fragOffset;
  f.more = ip.fragMore;
  f.dataStart = ip.upperOff;
  f.dataEnd = ip.dataEnd;
  f.claimedLen = ip.claimedEnd - ip.upperOff;
  f.extraFrames = w.fragmentFrames;
  const r = w.reasm.add(f);
  f.buf = EMPTY_BUF;
  w.layerCounts[ip.version === 4 ? L_FRAG4 : L_FRAG6]!++;
  if (w.reasm.overlap) w.note(ip.version === 4 ? 'decoder.ipv4.frag_overlap' : 'decoder.ipv6.frag_overlap');
  if (r === REASM_HELD) return ST_HELD;
  if (r === REASM_REFUSED) {
    w.code = w.reasm.refusedCode;
    return ST_MALFORMED;
  }
  const whole = w.reasm.completed;
  const frames = w.reasm.completedFrames;
  const version = ip.version;
  const proto = ip.proto;
  w.fragmentFrames = frames;
  const snapCut = w.l2.snapCut;
  w.l2.snapCut = false;
  const st = walkIp(w, whole, 0, whole.length, version, depth);
  w.l2.snapCut = snapCut;
  if (st !== ST_MALFORMED) return st;
  // Account for every fragment's frame: report them with the failing check's code.
  w.reasm.reportMalformed(version, src, dst, proto, frames, w.code, w.tsNs);
  return ST_HELD;
}
const EMPTY_BUF = new Uint8Array(0);

/** Transport header, tunnels, then the packet. */
function walkUpper(w: Walk, buf: Uint8Array, ip: IpFields, depth: number): number {
  const dec = IP_PROTOCOL_TABLE[ip.proto];
  let transport: TransportHeader | null = null;
  let payloadOff = ip.upperOff;
  let payloadEnd = ip.dataEnd;
  let claimedEnd = ip.claimedEnd;
  if (dec !== undefined) {
    const t = w.trs[depth]!;
    t.ipVersion = ip.version;
    t.anomaly = null;
    const n = dec(buf, payloadOff, payloadEnd, t);
    if (n < 0) w.note(t.code);
    else {
      transport = t.header;
      payloadOff = n;
      if (t.anomaly !== null) w.note(t.anomaly);
    }
  }
  let tunnel: TunnelEntry | undefined;
  if (transport === null) {
    if (dec === undefined) tunnel = IP_TUNNELS.get(ip.proto);
  } else if (transport.proto === 'udp') {
    const udpEnd = ip.upperOff + transport.length;
    if (udpEnd > claimedEnd) w.note('decoder.udp.len_invalid');
    else claimedEnd = udpEnd;
    if (payloadEnd > claimedEnd) payloadEnd = claimedEnd;
    if (UDP_TUNNEL_PORT[transport.dstPort] === 1) tunnel = UDP_TUNNELS.get(transport.dstPort);
    else if (UDP_TUNNEL_PORT[transport.srcPort] === 1) tunnel = UDP_TUNNELS.get(transport.srcPort);
  }
  if (tunnel !== undefined) {
    const st = walkTunnel(w, buf, ip, tunnel, transport, payloadOff, payloadEnd, depth);
    if (st >= 0) return st;
  }
  const p = w.pkt;
  p.reset(buf, ip.srcOff, ip.dstOff, Math.min(payloadOff, payloadEnd), payloadEnd);
  p.frame = w.frame;
  p.setTime(w.tsSec, w.tsNsec, w.tsExact);
  p.vlan = ip.vlan;
  p.srcMac = w.l2.srcMac;
  p.outerSrcMac = w.tunnels === null || w.tunnels.length === 0 ? w.l2.srcMac : w.l2.outerMac;
  p.tunnels = w.tunnels === null || w.tunnels.length === 0 ? EMPTY : w.tunnels;
  p.ipVersion = ip.version;
  p.ipProto = ip.proto;
  p.ipLength = ip.claimedEnd - ip.ipOff;
  p.fragmentFrames = w.fragmentFrames;
  p.transport = transport;
  p.payloadLength = Math.max(0, claimedEnd - payloadOff);
  return ST_PACKET;
}

/** Tries to decapsulate; returns a walk status, or -1 to keep the packet in the outer flow. */
function walkTunnel(
  w: Walk,
  buf: Uint8Array,
  ip: IpFields,
  tunnel: TunnelEntry,
  transport: TransportHeader | null,
  off: number,
  end: number,
  depth: number,
): number {
  if (depth >= w.maxTunnelDepth) {
    w.note('decoder.tunnel.too_deep');
    return -1;
  }
  const l2 = w.l2;
  const inner = tunnel.decode(buf, off, end, l2);
  if (inner === NOT_DATA) return -1;
  if (inner === FAIL) {
    w.note(l2.code);
    return -1;
  }
  const outerIpLength = ip.claimedEnd - ip.ipOff;
  const src = ipSrcText(ip);
  const dst = ipDstText(ip);
  const layer: TunnelLayer =
    transport !== null && transport.proto === 'udp'
      ? { kind: tunnel.kind, src, dst, ipProto: ip.proto, srcPort: transport.srcPort, dstPort: transport.dstPort, outerIpLength }
      : { kind: tunnel.kind, src, dst, ipProto: ip.proto, outerIpLength };
  const tunnels = w.tunnels ?? (w.tunnels = []);
  tunnels.push(layer);
  const savedLayers = l2.layers;
  const savedMac = l2.srcMac;
  if (depth === 0) l2.outerMac = l2.srcMac;
  const st = walkL2(w, buf, inner, end, depth + 1);
  if (st === ST_PACKET || st === ST_HELD) {
    w.layerCounts[TUNNEL_LAYER[tunnel.kind]]!++;
    return st;
  }
  tunnels.pop();
  l2.layers = savedLayers;
  l2.srcMac = savedMac;
  if (st === ST_MALFORMED) {
    w.note(w.code);
    w.note('decoder.tunnel.inner_malformed');
  }
  return -1;
}
