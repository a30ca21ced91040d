/**
 * The stateful half of the names stage: sees every packet of every flow once (right after the
 * flow table counted it), runs the one parser each flow gets (DNS, TLS, HTTP, QUIC), joins flows to
 * DNS answers by client and time, and hands back each finished flow's names and flags.
 * Memory: one small state per flow that still has something to look at, byte buffers capped by
 * `maxReassemblyBytes`, the DNS map and transactions capped; each cap hit is an anomaly.
 * @module names/attributor
 */
import { isIP } from 'node:net';
import type { AnomalyLog, IpAddr, Limits } from '../core/index.js';
import type { Packet } from '../decode/index.js';
import { seqDelta, TH_ACK, TH_SYN, type Direction, type FlowRecord, type LiveFlow } from '../flow/index.js';
import { macNumber } from './client-links.js';
import { DnsAnswerMap } from './dns-map.js';
import { DnsJoin, dnsEvidence, type JoinClient } from './dns-join.js';
import { DnsTracker, FlowDns, type DnsMessageContext } from './dns-tracker.js';
import { dnsPayload, probeDnsQuery } from './dns-probe.js';
import { FlowNameState, flowModeOf, isEncryptedDnsFlow } from './flow-state.js';
import { parseSocks5Reply, parseSocksUdpHeader } from './socks.js';
import { onTcpAppBytes } from './tcp-app.js';
import { parseClientHello } from './tls/client-hello.js';
import { parseHttpRequests } from './http/requests.js';
import { agreesWith, laidOver } from './overlap.js';
import { TcpStream } from './tcp-stream.js';
import { finishNames, EMPTY_NAMES } from './finish.js';
import type { DnsTransaction, EncryptedDnsList, FlowNames, NameAttributorOptions, NameEvidence, NamesStats, ProxyRequest } from './types.js';
import { Nat64Prefixes } from './nat64.js';
import type { NamesAnomalyCode } from './anomalies.js';
import { frameDnsTcp } from './dns/tcp.js';
import { QuicClientHelloCollector } from './quic/collector.js';
import { looksLikeQuicInitial } from './quic/header.js';
import type { QuicOutcome } from './quic/types.js';

/** A flow with nothing to look at and nothing learnt at its start. */
const DONE = Symbol('names-done');

/** SOCKS5 UDP associations remembered (client and proxy address pairs), oldest forgotten first. */
export const MAX_SOCKS_UDP_ASSOCIATIONS = 4096;

const relayKey = (client: IpAddr, proxy: IpAddr): string => `${client} ${proxy}`;

/** Longest SOCKS5 server handshake: method selection (2), RFC 1929 status (2), reply with a name (262). */
const MAX_SOCKS5_REPLY = 266;
/** Packets of a flow looked at after its ClientHello, at most, for a retransmission with other bytes. */
const HELLO_CHECK_PACKETS = 64;

/** A relay address as flows name their ends (a name in BND.ADDR is not an address: null). */
function normalizeRelay(host: string): IpAddr | null {
  return isIP(host) === 0 ? null : (host as IpAddr);
}

/** Names for flows, from DNS, TLS, HTTP (and QUIC) seen in the same capture. */
export class NameAttributor {
  readonly #limits: Limits;
  readonly #anomalies: AnomalyLog;
  readonly #doh: EncryptedDnsList | undefined;
  readonly #map: DnsAnswerMap;
  readonly #dns: DnsTracker;
  /** NAT64 prefixes learnt from `ipv4only.arpa` answers (RFC 7050). */
  readonly #nat64 = new Nat64Prefixes();
  readonly #join: DnsJoin;
  #mapEvictedNoted = 0;
  #txDroppedNoted = 0;
  /**
   * Client and proxy pairs after a SOCKS5 UDP ASSOCIATE: the client's later UDP flows to that
   * proxy's address carry datagrams for its relay (RFC 1928 §7), each with its destination.
   */
  readonly #socksUdp = new Set<string>();
  readonly #counts = { dnsMalformed: 0, tls: 0, quic: 0, http: 0, capHits: 0, gaps: 0 };

  constructor(opts: NameAttributorOptions) {
    this.#limits = opts.limits;
    this.#anomalies = opts.anomalies;
    this.#doh = opts.encryptedDns;
    this.#map = new DnsAnswerMap(opts.limits.maxDnsEntries, opts.limits.dnsTtlGraceNs);
    for (const p of opts.nat64Prefixes ?? []) this.#nat64.declare(p);
    this.#dns = new DnsTracker(this.#map, opts.limits.maxDnsTransactions, opts.onDnsTransaction, this.#nat64);
    this.#join = new DnsJoin(this.#map, opts.limits.maxNamesPerFlow);
  }

  /**
   * A flow end at `ip` first sent from source MAC `mac` (the flow table's `onL2Source`): tells one
   * dual-stack host's addresses apart from a router's, for the DNS join.
   */
  noteL2Source(mac: number, ip: IpAddr, version: 4 | 6): void {
    this.#join.noteL2Source(mac, ip, version);
  }

  /** Looks at one packet the flow table has just counted into `flow` in direction `dir`. */
  observe(flow: LiveFlow, dir: Direction, pkt: Packet): void {
    let st = flow.annex;
    if (st === DONE) return;
    if (st === null) {
      st = this.#start(flow);
      flow.annex = st;
      if (st === DONE) return;
    }
    const s = st as FlowNameState;
    // Transport first: the payload view is made only for the datagrams that need it (not for TCP segments here).
    if (s.mode === 'done' || (pkt.transport?.proto !== 'tcp' && pkt.payload.length === 0)) return;
    switch (s.mode) {
      case 'udp-probe':
        if (dir === 'orig') this.#probeUdp(flow, pkt, s);
        return;
      case 'dns-udp':
        this.#dnsDatagram(flow, pkt, s);
        return;
      case 'dns-tcp':
        this.#dnsSegment(flow, dir, pkt, s);
        return;
      case 'tcp-app':
      case 'http':
        if (dir === 'orig') this.#tcpApp(flow, pkt, s);
        return;
      case 'quic':
        if (dir === 'orig') this.#quicDatagram(pkt, s);
        return;
      case 'socks-udp':
        if (dir === 'orig') this.#socksDatagram(pkt, s);
        return;
      case 'socks-reply':
        if (dir === 'resp') this.#socksReply(flow, pkt, s);
        return;
      case 'hello-verify':
        this.#helloVerify(pkt, dir, s);
        return;
      case 'quic-verify':
        if (dir === 'orig') this.#quicRecheck(pkt, s);
        return;
      default: {
        const never: never = s.mode;
        throw new Error(`unhandled names mode ${String(never)}`);
      }
    }
  }

  /** The flow table finished `rec` (originator MAC `origMac` as a number, -1 none); `annex` is what `observe` left in its slot. */
  finish(rec: FlowRecord, annex: unknown, origMac?: number): FlowNames {
    const st = annex instanceof FlowNameState ? annex : null;
    if (st?.dns != null) this.#dns.finishFlow(st.dns, rec.uid);
    if (st !== null && st.orig?.hasGap === true && st.mode !== 'done') {
      this.#counts.gaps++;
      this.#note('names.tcp.reassembly_gap', rec.firstFrame);
    }
    if (st !== null && st.namesDropped > 0) this.#note('names.flow.names_cap', rec.firstFrame);
    this.#noteCaps(rec.lastFrame);
    // Only a flow without a DNS name can be one that started before its answer.
    const hasDns = st !== null && st.names.some((n) => n.source === 'dns');
    // The flow table hands over the MAC as a number; parsing the record's text is the fallback.
    const mac = origMac ?? macNumber(rec.origL2Addr);
    const linked = this.#join.linked(mac, rec.origH, rec.ipVersion);
    const after = !hasDns && this.#join.answeredAfter(rec.origH, linked, rec.respH, rec.firstTsNs);
    const names = this.#viaNat64(st === null && !after ? EMPTY_NAMES : finishNames(st, after), rec);
    return this.#joined(names, { origH: rec.origH, respH: rec.respH, mac, ipVersion: rec.ipVersion }, linked);
  }

  /**
   * A flow to an address under a learnt NAT64 prefix went on, through the translator, to the IPv4
   * address inside (RFC 6052 §2.2): that destination is added as a request the flow asked its
   * translator to carry (method `NAT64`, all the client's bytes), judged like a proxy's, beside
   * the flow itself, which stays judged where its own address is.
   */
  #viaNat64(names: FlowNames, f: { readonly respH: IpAddr; readonly respP: number; readonly proto: string; readonly firstFrame: number; readonly firstTsNs: bigint }): FlowNames {
    const m = this.#nat64.match(f.respH);
    if (m === undefined) return names;
    const dns = names.names.filter((n) => n.source === 'dns');
    const req: ProxyRequest = {
      host: m.ipv4, port: f.proto === 'tcp' || f.proto === 'udp' ? f.respP : null, method: 'NAT64', frame: f.firstFrame, tsNs: f.firstTsNs, bytes: 0, open: 0,
      ...(dns.length === 0 ? {} : { names: dns }),
    };
    return { ...names, proxied: [...(names.proxied ?? []), req] };
  }

  /** What is known of a live flow's names now (monitor mode judges flows before they end). */
  liveNames(flow: LiveFlow): FlowNames {
    const st = flow.annex instanceof FlowNameState ? flow.annex : null;
    const client = { origH: flow.origH, respH: flow.respH, mac: flow.origMac, ipVersion: flow.ipVersion };
    return this.#joined(this.#viaNat64(st === null ? EMPTY_NAMES : finishNames(st, false), flow), client, this.#join.linked(flow.origMac, flow.origH, flow.ipVersion));
  }

  /**
   * Whether the live flow's names changed since the last call in a way that can change its verdict
   * (a ClientHello sent again with other bytes: `inconsistent_retransmission`); marks it as taken.
   */
  takeNewNames(flow: LiveFlow): boolean {
    const st = flow.annex;
    if (!(st instanceof FlowNameState) || st.resentTaken || !st.flags.includes('inconsistent_retransmission')) return false;
    st.resentTaken = true;
    return true;
  }

  /**
   * Whether the live flow asked its proxy for destinations since the last call (monitor mode judges
   * them as they appear); marks them as taken.
   */
  takeNewProxied(flow: LiveFlow): boolean {
    const st = flow.annex;
    if (!(st instanceof FlowNameState) || st.proxied.length === st.proxiedTaken) return false;
    st.proxiedTaken = st.proxied.length;
    return true;
  }

  /** `names` with its proxied requests named and filtered, and the client's linked addresses (`sameHost`). */
  #joined(names: FlowNames, client: JoinClient, linked: readonly IpAddr[]): FlowNames {
    const out = names.proxied === undefined ? names : this.#join.proxiedOf(names, client);
    return linked.length === 0 ? out : { ...out, sameHost: [...linked] };
  }

  /**
   * Monitor mode, from housekeeping at capture time `nowNs`: forgets DNS answers whose TTL + grace
   * ended well before (see DnsAnswerMap.expire), so the map stays flat however long it runs.
   */
  expireDns(nowNs: bigint): void {
    this.#map.expire(nowNs);
  }

  /** DNS transactions so far (unsorted; the report sorts them). */
  get transactions(): readonly DnsTransaction[] {
    return this.#dns.transactions;
  }

  get stats(): NamesStats {
    const c = this.#counts;
    return {
      dnsMessages: this.#dns.messages,
      dnsMalformed: c.dnsMalformed,
      dnsAnswersMapped: this.#map.added,
      dnsMapEvicted: this.#map.evicted,
      dnsMapExpired: this.#map.expired,
      dnsTransactionsDropped: this.#dns.dropped,
      tlsClientHellos: c.tls,
      quicClientHellos: c.quic,
      httpRequests: c.http,
      reassemblyCapHits: c.capHits,
      reassemblyGaps: c.gaps,
      nat64Prefixes: this.#nat64.list,
    };
  }

  /** First packet of a flow: the DNS join, encrypted-DNS flags, and which parser it gets. */
  #start(flow: LiveFlow): FlowNameState | typeof DONE {
    const mode = flowModeOf(flow);
    const linked = this.#join.linked(flow.origMac, flow.origH, flow.ipVersion);
    const cands = this.#join.candidates(flow.origH, linked, flow.respH, flow.firstTsNs);
    const encrypted = isEncryptedDnsFlow(flow, this.#doh);
    const since = this.#join.encryptedSince(flow.origH, linked);
    if (mode === 'done' && cands.length === 0 && !encrypted && since === undefined) return DONE;
    // UDP to a relay the client was given by a SOCKS5 UDP ASSOCIATE (the proxy's own address, or
    // the BND.ADDR of the server's reply when that names another).
    const relayed = mode === 'udp-probe' && this.#socksUdp.size > 0 && this.#socksUdp.has(relayKey(flow.origH, flow.respH));
    const st = new FlowNameState(relayed ? 'socks-udp' : mode);
    if (st.mode === 'socks-udp') st.service = 'socks';
    for (const c of cands) st.addName(dnsEvidence(c, flow.origH), this.#limits.maxNamesPerFlow);
    if (encrypted) this.#markEncrypted(st, flow.origH, flow.firstTsNs);
    if (since !== undefined && since < flow.firstTsNs) st.flag('after_encrypted_dns');
    if (mode === 'dns-udp' || mode === 'dns-tcp') st.dns = new FlowDns();
    return st;
  }

  /**
   * The DNS names `client` (sent from `mac`, -1 none) was told `address` had, current at `tsNs`
   * (see DnsJoin.namesFor): for an outer tunnel's far end.
   */
  dnsNamesFor(client: IpAddr, mac: number, version: 4 | 6, address: IpAddr, tsNs: bigint): NameEvidence[] {
    return this.#join.namesFor(client, mac, version, address, tsNs);
  }

  /** The flow is encrypted DNS: flag it and remember that its client uses encrypted DNS from now on. */
  #markEncrypted(st: FlowNameState, client: IpAddr, tsNs: bigint): void {
    st.flag('encrypted_dns');
    this.#join.markEncrypted(client, tsNs);
  }

  #ctx(flow: LiveFlow, pkt: Packet, transport: 'udp' | 'tcp'): DnsMessageContext {
    const tr = pkt.transport!;
    const ports = tr.proto === 'tcp' || tr.proto === 'udp' ? tr : { srcPort: 0, dstPort: 0 };
    // The flow's own address strings (shared with its record) rather than fresh ones per packet.
    const fromOrig = pkt.src === flow.origH && ports.srcPort === flow.origP;
    const src = fromOrig ? flow.origH : flow.respH;
    const dst = fromOrig ? flow.respH : flow.origH;
    return { src, srcPort: ports.srcPort, dst, dstPort: ports.dstPort, transport, frame: pkt.frame, tsNs: pkt.tsNs };
  }

  #dnsDatagram(flow: LiveFlow, pkt: Packet, st: FlowNameState): void {
    const r = dnsPayload(pkt.payload);
    if (r.code !== null) {
      this.#counts.dnsMalformed++;
      this.#note(r.code, pkt.frame);
    }
    if (r.message !== null) this.#dns.onMessage(r.message, this.#ctx(flow, pkt, 'udp'), st.dns!);
  }

  /** First client datagram off the DNS ports: DNS query? (QUIC is tried by the QUIC module.) */
  #probeUdp(flow: LiveFlow, pkt: Packet, st: FlowNameState): void {
    const m = probeDnsQuery(pkt.payload);
    if (m !== null) {
      st.mode = 'dns-udp';
      st.dns = new FlowDns();
      this.#dns.onMessage(m, this.#ctx(flow, pkt, 'udp'), st.dns);
      return;
    }
    if (looksLikeQuicInitial(pkt.payload)) {
      st.mode = 'quic';
      st.quic = new QuicClientHelloCollector({ maxCryptoBytes: this.#limits.maxReassemblyBytes });
      this.#quicDatagram(pkt, st);
      return;
    }
    st.mode = 'done';
  }

  /** A client datagram of a QUIC flow: Initial packets decrypted until the ClientHello is whole. */
  #quicDatagram(pkt: Packet, st: FlowNameState): void {
    const c = st.quic;
    if (c === null) return;
    const out: QuicOutcome = c.push(pkt.payload, pkt.frame);
    switch (out.status) {
      case 'ok': {
        this.#counts.quic++;
        st.service = 'quic';
        const max = this.#limits.maxNamesPerFlow;
        if (out.kind === 'tls') {
          st.alpn = out.hello.alpn;
          const outer = out.hello.ech !== null && out.hello.ech.kind === 'outer';
          if (outer) st.flag('ech');
          for (const code of out.hello.anomalies) this.#note(code, pkt.frame);
          if (out.hello.sni !== null) st.addName({ value: out.hello.sni, source: 'quic_sni', frame: pkt.frame, tsNs: pkt.tsNs, ...(outer ? { outer: true } : {}) }, max);
        } else if (out.chlo.sni !== null) {
          st.addName({ value: out.chlo.sni, source: 'quic_sni', frame: pkt.frame, tsNs: pkt.tsNs }, max);
        }
        if (c.checking) st.mode = 'quic-verify';
        else st.stop();
        return;
      }
      case 'malformed':
        this.#note(out.code, pkt.frame);
        if (c.done) st.stop();
        return;
      case 'not-mine':
        if (c.done) st.stop();
        return;
      case 'incomplete':
        return;
      default: {
        const never: never = out;
        throw new Error(`unhandled QUIC outcome ${JSON.stringify(never)}`);
      }
    }
  }

  #dnsSegment(flow: LiveFlow, dir: Direction, pkt: Packet, st: FlowNameState): void {
    const tr = pkt.transport;
    if (tr === null || tr.proto !== 'tcp') return;
    const stream = dir === 'orig' ? (st.orig ??= new TcpStream(this.#limits.maxReassemblyBytes)) : (st.resp ??= new TcpStream(this.#limits.maxReassemblyBytes));
    if (stream.push(tr.seq, tr.flags, pkt.payload) === 'cap') return this.#capHit(st, pkt.frame);
    const framed = frameDnsTcp(stream.data);
    for (const m of framed.messages) {
      const r = dnsPayload(m);
      if (r.code !== null) {
        this.#counts.dnsMalformed++;
        this.#note(r.code, pkt.frame);
      }
      if (r.message !== null) this.#dns.onMessage(r.message, this.#ctx(flow, pkt, 'tcp'), st.dns!);
    }
    stream.consume(framed.consumed);
    if (framed.stop.status === 'malformed') {
      this.#note(framed.stop.code, pkt.frame);
      st.stop();
    }
  }

  /**
   * A client datagram to a SOCKS5 UDP relay: the header names the destination (RFC 1928 §7) and
   * the whole datagram is counted for it. One that does not parse is the proxy flow's own.
   */
  #socksDatagram(pkt: Packet, st: FlowNameState): void {
    const h = parseSocksUdpHeader(pkt.payload);
    if (h === null) return;
    st.noteDatagram({ host: h.host, port: h.port, method: 'SOCKS5 UDP', frame: pkt.frame, tsNs: pkt.tsNs }, pkt.payloadLength, this.#limits.maxNamesPerFlow);
  }

  /**
   * After the ClientHello: a client segment over its bytes must carry the same bytes. One that
   * does not (a first copy the server never accepted, with another name: the classic IDS evasion)
   * flags the flow, and the other version is collected until its SNI can be read (a name of the
   * flow too). Ends when the server acknowledges every byte, or after HELLO_CHECK_PACKETS packets.
   */
  #helloVerify(pkt: Packet, dir: Direction, st: FlowNameState): void {
    const tr = pkt.transport;
    const c = st.helloCheck;
    if (tr === null || tr.proto !== 'tcp' || c === null || ++c.packets > HELLO_CHECK_PACKETS) return st.stop();
    const end = (c.seq + c.bytes.length) >>> 0;
    if (dir === 'resp') {
      if ((tr.flags & TH_ACK) !== 0 && seqDelta(tr.ack, end) >= 0) st.stop();
      return;
    }
    const payload = pkt.payload;
    if (payload.length === 0) return;
    const rel = seqDelta((tr.flags & TH_SYN) !== 0 ? tr.seq + 1 : tr.seq, c.seq);
    if (c.alt === null) {
      if (agreesWith(c.bytes, rel, payload)) return;
      this.#inconsistent(st, 'names.tcp.inconsistent_retransmission', pkt.frame);
      c.alt = c.bytes.slice();
    }
    // The other version: the ClientHello with this and every later segment laid over it.
    const alt = laidOver(c.alt, rel, payload, this.#limits.maxReassemblyBytes);
    if (alt === null) return; // beyond a hole, or before the ClientHello
    c.alt = alt;
    const r = parseClientHello(alt);
    if (r.status === 'incomplete' && alt.length < this.#limits.maxReassemblyBytes) return;
    if (r.status === 'ok' && r.hello.sni !== null) st.addName({ value: r.hello.sni, source: 'tls_sni', frame: pkt.frame, tsNs: pkt.tsNs }, this.#limits.maxNamesPerFlow);
    st.stop();
  }

  /** After a QUIC ClientHello: a later Initial with other CRYPTO bytes over it (see QuicClientHelloCollector.recheck). */
  #quicRecheck(pkt: Packet, st: FlowNameState): void {
    const c = st.quic;
    if (c === null) return st.stop();
    const r = c.recheck(pkt.payload);
    if (r.status === 'differs') {
      this.#inconsistent(st, 'names.quic.inconsistent_retransmission', pkt.frame);
      if (r.sni !== null) st.addName({ value: r.sni, source: 'quic_sni', frame: pkt.frame, tsNs: pkt.tsNs }, this.#limits.maxNamesPerFlow);
    }
    if (r.status === 'over' || !c.checking) st.stop();
  }

  /**
   * HTTP: a client segment over the bytes of a request head already taken must carry the same
   * bytes. One that does not (a first copy the server never accepted, with another Host) flags the
   * flow, and the Host of the other version becomes a name too. A one-byte segment is skipped: a
   * TCP keep-alive carries a garbage octet below the next sequence number (RFC 9293 §3.8.4).
   */
  /** Flags the flow `inconsistent_retransmission`, noting `code` at `frame` the first time. */
  #inconsistent(st: FlowNameState, code: NamesAnomalyCode, frame: number): void {
    if (st.flags.includes('inconsistent_retransmission')) return;
    st.flag('inconsistent_retransmission');
    this.#note(code, frame);
  }

  #checkSentHeads(pkt: Packet, seq: number, st: FlowNameState): void {
    const payload = pkt.payload;
    if (payload.length <= 1) return;
    for (const h of st.sentHeads) {
      const rel = seqDelta(seq, h.seq); // where the segment starts, from the head's first byte
      if (agreesWith(h.bytes, rel, payload)) continue;
      this.#inconsistent(st, 'names.tcp.inconsistent_retransmission', pkt.frame);
      // The other version: the head with the segment laid over it (they overlap), read for its Host.
      const alt = laidOver(h.bytes.slice(), rel, payload, this.#limits.maxReassemblyBytes)!;
      const other = parseHttpRequests(alt, { maxHeadBytes: this.#limits.maxReassemblyBytes, maxRequests: 1 }).requests[0];
      if (other?.hostname != null && other.hostname !== '') st.addName({ value: other.hostname, source: 'http_host', frame: pkt.frame, tsNs: pkt.tsNs }, this.#limits.maxNamesPerFlow);
    }
  }

  #tcpApp(flow: LiveFlow, pkt: Packet, st: FlowNameState): void {
    const tr = pkt.transport;
    if (tr === null || tr.proto !== 'tcp') return;
    if (st.sentHeads.length > 0) this.#checkSentHeads(pkt, tr.seq, st);
    const stream = (st.orig ??= new TcpStream(this.#limits.maxReassemblyBytes));
    const pushed = stream.push(tr.seq, tr.flags, pkt.payload);
    if (pushed === 'cap') return this.#capHit(st, pkt.frame);
    if (stream.data.length === 0) return;
    const r = onTcpAppBytes(st, stream, pkt.frame, pkt.tsNs, this.#limits);
    for (const code of r.anomalies) this.#note(code, pkt.frame);
    this.#counts.tls += r.tls;
    this.#counts.http += r.http;
    if (r.tls > 0 && this.#doh !== undefined && st.names.some((n) => n.source === 'tls_sni' && this.#doh!.hostnames.has(n.value))) {
      this.#markEncrypted(st, pkt.src, pkt.tsNs);
    }
    if (r.cap) this.#capHit(st, pkt.frame);
    if (r.udpAssociate === true) this.#noteRelay(flow.origH, flow.respH);
  }

  /** `client` may send datagrams for a SOCKS5 UDP relay to `relay` from now on. */
  #noteRelay(client: IpAddr, relay: IpAddr): void {
    const key = relayKey(client, relay);
    this.#socksUdp.delete(key);
    this.#socksUdp.add(key);
    if (this.#socksUdp.size > MAX_SOCKS_UDP_ASSOCIATIONS) this.#socksUdp.delete(this.#socksUdp.values().next().value!);
  }

  /**
   * The server's side of a SOCKS5 UDP ASSOCIATE: a successful reply's BND.ADDR is the relay,
   * which may be another address than the proxy's (an unspecified one means the proxy's own).
   */
  #socksReply(flow: LiveFlow, pkt: Packet, st: FlowNameState): void {
    const tr = pkt.transport;
    if (tr === null || tr.proto !== 'tcp') return;
    const stream = (st.resp ??= new TcpStream(this.#limits.maxReassemblyBytes));
    if (stream.push(tr.seq, tr.flags, pkt.payload) === 'cap') return this.#capHit(st, pkt.frame);
    if (stream.data.length === 0) return;
    const r = parseSocks5Reply(stream.data);
    if (r.status === 'incomplete') {
      if (stream.data.length > MAX_SOCKS5_REPLY) st.stop();
      return;
    }
    if (r.status === 'ok' && r.rep === 0) {
      const relay = r.host === '0.0.0.0' || r.host === '::' ? flow.respH : normalizeRelay(r.host);
      if (relay !== null && relay !== flow.respH) this.#noteRelay(flow.origH, relay);
    }
    st.stop();
  }

  #capHit(st: FlowNameState, frame: number): void {
    this.#counts.capHits++;
    this.#note('names.tcp.reassembly_cap', frame);
    st.stop();
  }

  /** Map and transaction evictions become anomalies (counted once each, with the frame at hand). */
  #noteCaps(frame: number): void {
    while (this.#mapEvictedNoted < this.#map.evicted) {
      this.#mapEvictedNoted++;
      this.#note('names.dns.map_cap', frame);
    }
    while (this.#txDroppedNoted < this.#dns.dropped) {
      this.#txDroppedNoted++;
      this.#note('names.dns.transactions_cap', frame);
    }
  }

  #note(code: NamesAnomalyCode, frame: number): void {
    this.#anomalies.note(code, frame);
  }
}
