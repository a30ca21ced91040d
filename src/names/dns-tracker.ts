/**
 * DNS messages seen on a flow → the answer map (for the join) and DNS transactions (for the
 * report's `dns` section: a query sent to a resolver abroad is itself a data flow there).
 * Queries and responses pair by (ID, question), per flow; unanswered queries are reported too.
 * @module names/dns-tracker
 */
import type { IpAddr } from '../core/index.js';
import type { DnsAnswer, DnsMessage } from './dns/types.js';
import type { DnsAnswerMap } from './dns-map.js';
import type { DnsAnswerRow, DnsTransaction } from './types.js';
import { IPV4ONLY_ARPA, type Nat64Prefixes } from './nat64.js';

/** Most queries waiting for their response on one flow; more are reported unanswered at once. */
export const MAX_PENDING_PER_FLOW = 64;
/** Questions of one message reported (RFC 1035 allows many; in practice only mDNS asks several). */
const MAX_QUESTIONS = 32;
/** Longest CNAME chain followed (RFC 1034 §3.6.2 allows chains; resolvers cap them near 8-16). */
const MAX_CHAIN = 16;

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'A'], [2, 'NS'], [5, 'CNAME'], [6, 'SOA'], [12, 'PTR'], [15, 'MX'], [16, 'TXT'], [28, 'AAAA'],
  [33, 'SRV'], [35, 'NAPTR'], [41, 'OPT'], [43, 'DS'], [46, 'RRSIG'], [47, 'NSEC'], [48, 'DNSKEY'],
  [52, 'TLSA'], [64, 'SVCB'], [65, 'HTTPS'], [99, 'SPF'], [255, 'ANY'], [257, 'CAA'],
]);
const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

/** Mnemonic of an RR type (RFC 3597 §5 `TYPEn` for others). */
export function dnsTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `TYPE${type}`;
}

/** Mnemonic of an RCODE (RFC 6895 §2.3), `RCODEn` for others. */
export function dnsRcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}

/** Where a message travelled: its sender and receiver, and the flow that carried it. */
export interface DnsMessageContext {
  readonly src: IpAddr;
  readonly srcPort: number;
  readonly dst: IpAddr;
  readonly dstPort: number;
  readonly transport: 'udp' | 'tcp';
  readonly frame: number;
  readonly tsNs: bigint;
}

interface PendingQuery {
  readonly ctx: DnsMessageContext;
  readonly id: number;
  readonly query: string;
  readonly qtype: number;
}

/** Per-flow DNS state: queries waiting for their response, and the flow's transactions (uid set when it ends). */
export class FlowDns {
  readonly pending = new Map<string, PendingQuery>();
  readonly txs: { flowUid: string }[] = [];
}

/**
 * Sees each DNS transaction the moment it completes (its response seen, or its flow ended with the
 * query unanswered) and says whether to keep it: false folds it (monitor mode judges it at once and
 * only counts it, so memory stays flat). `flowUid` is still '' then: it is filled in when the flow ends.
 */
export type DnsTransactionHook = (t: DnsTransaction) => boolean;

/** The DNS transactions of a run, bounded, and the answer map they feed. */
export class DnsTracker {
  readonly #map: DnsAnswerMap;
  readonly #max: number;
  readonly #onComplete: DnsTransactionHook | undefined;
  readonly #nat64: Nat64Prefixes | undefined;
  readonly #transactions: DnsTransaction[] = [];
  #dropped = 0;
  #messages = 0;

  constructor(map: DnsAnswerMap, maxTransactions: number, onComplete?: DnsTransactionHook, nat64?: Nat64Prefixes) {
    this.#map = map;
    this.#max = maxTransactions;
    this.#onComplete = onComplete;
    this.#nat64 = nat64;
  }

  get dropped(): number {
    return this.#dropped;
  }

  get messages(): number {
    return this.#messages;
  }

  /** Transactions so far, in no particular order. */
  get transactions(): readonly DnsTransaction[] {
    return this.#transactions;
  }

  /** Takes one parsed message seen on a flow: one transaction per question (mDNS asks several at once). */
  onMessage(msg: DnsMessage, ctx: DnsMessageContext, flow: FlowDns): void {
    this.#messages++;
    const qs = msg.questions.length > MAX_QUESTIONS ? msg.questions.slice(0, MAX_QUESTIONS) : msg.questions;
    if (!msg.header.response) {
      for (const q of qs) {
        const key = `${msg.header.id}|${q.name}|${q.type}`;
        if (flow.pending.has(key)) continue; // a retransmission: the first copy is the evidence
        if (flow.pending.size >= MAX_PENDING_PER_FLOW) this.#flushOne(flow);
        flow.pending.set(key, { ctx, id: msg.header.id, query: q.name, qtype: q.type });
      }
      return;
    }
    if (msg.header.rcode === 0) this.#mapAnswers(msg, ctx);
    const answers = qs.length === 0 ? [] : msg.answers.map(answerRow);
    for (const q of qs) {
      const key = `${msg.header.id}|${q.name}|${q.type}`;
      const p = flow.pending.get(key);
      if (p !== undefined) flow.pending.delete(key);
      this.#push({
        client: ctx.dst,
        clientPort: ctx.dstPort,
        resolver: ctx.src,
        resolverPort: ctx.srcPort,
        transport: ctx.transport,
        id: msg.header.id,
        query: q.name,
        qtype: dnsTypeName(q.type),
        rcode: dnsRcodeName(msg.header.rcode),
        queryFrame: p?.ctx.frame ?? null,
        queryTsNs: p?.ctx.tsNs ?? null,
        responseFrame: ctx.frame,
        responseTsNs: ctx.tsNs,
        answers,
        flowUid: '',
      }, flow);
    }
  }

  /** The flow `uid` ended: its unanswered queries become transactions without a response. */
  finishFlow(flow: FlowDns, uid: string): void {
    while (flow.pending.size > 0) this.#flushOne(flow);
    for (const t of flow.txs) t.flowUid = uid;
    flow.txs.length = 0;
  }

  #flushOne(flow: FlowDns): void {
    const [key, p] = flow.pending.entries().next().value as [string, PendingQuery];
    flow.pending.delete(key);
    this.#push({
      client: p.ctx.src,
      clientPort: p.ctx.srcPort,
      resolver: p.ctx.dst,
      resolverPort: p.ctx.dstPort,
      transport: p.ctx.transport,
      id: p.id,
      query: p.query,
      qtype: dnsTypeName(p.qtype),
      rcode: null,
      queryFrame: p.ctx.frame,
      queryTsNs: p.ctx.tsNs,
      responseFrame: null,
      responseTsNs: null,
      answers: [],
      flowUid: '',
    }, flow);
  }

  /**
   * Keeps `t` unless the hook folds it (its flow's uid is filled in when the flow ends: it is
   * computed once, for the record). The hook sees every transaction, also those beyond the cap.
   */
  #push(t: { -readonly [K in keyof DnsTransaction]: DnsTransaction[K] }, flow: FlowDns): void {
    if (this.#onComplete !== undefined && !this.#onComplete(t)) return;
    if (this.#transactions.length >= this.#max) {
      this.#dropped++;
      return;
    }
    this.#transactions.push(t);
    flow.txs.push(t);
  }

  /** Every address in the answer section (and SVCB hints) → the map, under the name asked. */
  #mapAnswers(msg: DnsMessage, ctx: DnsMessageContext): void {
    const asked = msg.questions[0]?.name;
    if (this.#nat64 !== undefined && asked !== undefined && isIpv4OnlyArpa(asked)) {
      // RFC 7050 §3: the AAAA records of ipv4only.arpa show where the network's NAT64 prefix puts an IPv4 address.
      for (const a of msg.answers) if (a.kind === 'aaaa' && isIpv4OnlyArpa(a.name)) this.#nat64.learn(a.address, ctx.frame, ctx.tsNs, ctx.dst, ctx.src);
    }
    const cnames = new Map<string, string>();
    for (const a of msg.answers) if (a.kind === 'cname' && !cnames.has(a.name)) cnames.set(a.name, a.target);
    const chainOf = asked === undefined ? undefined : chainFrom(asked, cnames);
    const client = ctx.dst;
    for (const a of msg.answers) {
      const addrs = addressesOf(a);
      if (addrs.length === 0) continue;
      const inChain = chainOf !== undefined && chainOf.includes(a.name);
      const name = inChain ? asked! : a.name;
      const chain = inChain && chainOf.length > 1 ? chainOf.slice(0, chainOf.indexOf(a.name) + 1) : undefined;
      for (const addr of addrs) {
        this.#map.add(client, addr, name, chain !== undefined && chain.length > 1 ? chain : undefined, a.ttl, ctx.frame, ctx.tsNs, ctx.src);
      }
    }
  }
}

/** `name` is ipv4only.arpa (any case, with or without the root's dot). */
function isIpv4OnlyArpa(name: string): boolean {
  const n = name.toLowerCase();
  return n === IPV4ONLY_ARPA || n === `${IPV4ONLY_ARPA}.`;
}

/** The asked name followed through CNAMEs: [asked, target1, target2, …], loop-safe and bounded. */
function chainFrom(asked: string, cnames: ReadonlyMap<string, string>): string[] {
  const chain = [asked];
  let cur = asked;
  for (let i = 0; i < MAX_CHAIN; i++) {
    const next = cnames.get(cur);
    if (next === undefined || chain.includes(next)) break;
    chain.push(next);
    cur = next;
  }
  return chain;
}

function addressesOf(a: DnsAnswer): readonly IpAddr[] {
  switch (a.kind) {
    case 'a':
    case 'aaaa':
      return [a.address];
    case 'svcb':
      return [...a.ipv4hint, ...a.ipv6hint];
    default:
      return [];
  }
}

function answerRow(a: DnsAnswer): DnsAnswerRow {
  // One literal (not a spread of a base object): every row shares one hidden class.
  return { name: a.name, type: dnsTypeName(a.type), ttl: a.ttl, data: answerData(a) };
}

function answerData(a: DnsAnswer): string {
  switch (a.kind) {
    case 'a':
    case 'aaaa':
      return a.address;
    case 'cname':
      return a.target;
    case 'svcb':
      return svcbText(a);
    case 'other':
      return `rdlength=${a.rdlength}`;
    default: {
      const never: never = a;
      return never;
    }
  }
}

function svcbText(a: Extract<DnsAnswer, { kind: 'svcb' }>): string {
  const parts = [String(a.priority), a.target === '' ? '.' : a.target];
  if (a.alpn.length > 0) parts.push(`alpn=${a.alpn.join(',')}`);
  if (a.ipv4hint.length > 0) parts.push(`ipv4hint=${a.ipv4hint.join(',')}`);
  if (a.ipv6hint.length > 0) parts.push(`ipv6hint=${a.ipv6hint.join(',')}`);
  return parts.join(' ');
}
