/**
 * DNS query and response messages (RFC 1035 §4.1) for A (1) and AAAA (28, RFC 3596) questions,
 * with an optional CNAME (5) in front of the address answer. Answer owner names use a
 * compression pointer to the question name (RFC 1035 §4.1.4).
 * @module synth/dns
 */
import { ByteWriter } from './tls.js';

/** Resource record types used (IANA DNS parameters). */
export const DNS_TYPE_A = 1;
export const DNS_TYPE_CNAME = 5;
export const DNS_TYPE_AAAA = 28;

/** Appends a name as uncompressed labels plus the root label. */
function writeName(w: ByteWriter, name: string): void {
  for (const label of name.split('.')) {
    if (label.length === 0) continue;
    w.u8(label.length).ascii(label);
  }
  w.u8(0);
}

/** A standard recursive query with one question (flags RD). */
export function dnsQuery(id: number, name: string, qtype: number): Uint8Array {
  const w = new ByteWriter();
  w.u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0);
  writeName(w, name);
  w.u16(qtype).u16(1);
  return w.bytes();
}

/** What a response answers with. */
export interface DnsAnswer {
  readonly name: string;
  readonly qtype: number;
  /** If set, the question name is a CNAME for this target, which owns the address. */
  readonly cname?: string;
  /** 4 bytes for A, 16 for AAAA. */
  readonly address: Uint8Array;
  readonly ttl: number;
}

/** A NOERROR response (flags QR RD RA) echoing the question, with CNAME? + address records. */
export function dnsResponse(id: number, a: DnsAnswer): Uint8Array {
  const w = new ByteWriter();
  w.u16(id).u16(0x8180).u16(1).u16(a.cname === undefined ? 1 : 2).u16(0).u16(0);
  writeName(w, a.name);
  w.u16(a.qtype).u16(1);
  let owner = 0xc00c; // pointer to the question name at offset 12
  if (a.cname !== undefined) {
    const target = a.cname;
    w.u16(owner).u16(DNS_TYPE_CNAME).u16(1).u32(a.ttl);
    const at = w.length + 2;
    w.vec(2, (r) => writeName(r, target));
    owner = 0xc000 | at;
  }
  w.u16(owner).u16(a.qtype).u16(1).u32(a.ttl).u16(a.address.length).raw(a.address);
  return w.bytes();
}
