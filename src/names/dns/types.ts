/**
 * The shapes a parsed DNS message takes. Pure data; every string is in presentation format
 * (lower-cased, escaped, no trailing dot) because it comes from the capture.
 * @module names/dns/types
 */
import type { IpAddr } from '../../core/index.js';
import type { NamesAnomalyCode } from '../anomalies.js';

/** The fixed 12-byte header (RFC 1035 §4.1.1), flags split out. */
export interface DnsHeader {
  readonly id: number;
  /** true for a response (QR = 1). */
  readonly response: boolean;
  readonly opcode: number;
  readonly authoritative: boolean;
  readonly truncated: boolean;
  readonly recursionDesired: boolean;
  readonly recursionAvailable: boolean;
  readonly rcode: number;
  readonly qdcount: number;
  readonly ancount: number;
  readonly nscount: number;
  readonly arcount: number;
}

/** One question entry (RFC 1035 §4.1.2). */
export interface DnsQuestion {
  readonly name: string;
  readonly type: number;
  /** As on the wire: in mDNS the top bit asks for a unicast response (RFC 6762 §5.4). */
  readonly class: number;
}

/** Fields every answer record has (RFC 1035 §4.1.3); `class` keeps the mDNS cache-flush bit. */
interface RrBase {
  readonly name: string;
  readonly type: number;
  readonly class: number;
  /** As on the wire; RFC 2181 §8 says values with the top bit set mean 0 — left to the caller. */
  readonly ttl: number;
}

/** An answer record, discriminated on `kind`. */
export type DnsAnswer =
  | (RrBase & { readonly kind: 'a' | 'aaaa'; readonly address: IpAddr })
  | (RrBase & { readonly kind: 'cname'; readonly target: string })
  | (RrBase & {
      readonly kind: 'svcb';
      /** 0 is AliasMode (RFC 9460 §2.4.2), otherwise ServiceMode. */
      readonly priority: number;
      /** TargetName; `""` is the root, meaning "the owner name" in ServiceMode (RFC 9460 §2.5). */
      readonly target: string;
      readonly alpn: readonly string[];
      readonly ipv4hint: readonly IpAddr[];
      readonly ipv6hint: readonly IpAddr[];
    })
  /** Any other type: counted, its RDATA not interpreted. */
  | (RrBase & { readonly kind: 'other'; readonly rdlength: number });

/** A whole parsed message. Authority and additional sections are counted in the header, not parsed. */
export interface DnsMessage {
  readonly header: DnsHeader;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsAnswer[];
  /** Offset just after the answer section. */
  readonly answersEnd: number;
}

/**
 * What `parseDnsMessage` made of the bytes. A malformed message keeps what was parsed before the
 * failed check (the header, when it was complete, and whole questions and answers), since a
 * snap-truncated response still names what was asked.
 */
export type DnsOutcome =
  | { readonly status: 'ok'; readonly message: DnsMessage }
  | {
      readonly status: 'malformed';
      readonly code: NamesAnomalyCode;
      /** Offset in the message of the failed check. */
      readonly offset: number;
      readonly header: DnsHeader | null;
      readonly questions: readonly DnsQuestion[];
      readonly answers: readonly DnsAnswer[];
    };
