/**
 * The names the whole pipeline attributes (DNS transactions, SNI and Host names of flows, with
 * TCP reassembly, DNS probing and QUIC) against tshark's sets in ORACLE.tsv. HTTP Host is compared
 * without its port (the report keeps the host name). Each disagreement is listed with its reason;
 * a listed file that starts agreeing fails too, so the list cannot go stale.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { CaptureFormatError, DEFAULT_LIMITS } from '../../src/core/index.js';
import { analyzeCaptures } from '../../src/pipeline/index.js';
import { CORPUS_DIR, HAVE_CORPUS } from '../support/corpus.js';
import { expectNameSets, oracleRows, plain, type NameField } from '../support/oracle.js';

type Field = NameField;

const KNOWN_DIFFERENCES: Readonly<Record<string, Partial<Record<Field, string>>>> = {
  'ndpi__gquic.pcap': {
    sni: "www.gstatic.com is the SNI tag of a gQUIC Q050 CHLO: tshark shows it as gquic.tag.sni, not in ORACLE's tls.handshake.extensions_server_name set (tests/names/quic-corpus.test.ts checks it against tshark's gquic field)",
  },
  'ndpi__ookla.pcap': {
    sni: 'frame 88 is a ClientHello for spd-pub-mi-01-01.fastwebnet.it on TCP port 8080; tshark dissects 8080 as HTTP and ' +
      'has no TLS heuristic there, egress-verify tries every TCP client stream',
  },
  'zeek__http__get-to-ssh-server.pcap': {
    http: 'a GET with Host 128.3.50.246 sent to TCP port 22: tshark dissects port 22 as SSH only, egress-verify reads request heads on every port',
  },
  'ndpi__fuzz-2006-09-29-28586.pcap': {
    http: 'a fuzzed Host value "%s<NUL>2.20.3.5": tshark keeps it as a C string cut at the NUL ("%s"), egress-verify keeps every byte, escaped',
  },
};


/** A Host value without its port and IPv6 brackets, lower-cased. */
function hostOnly(h: string): string {
  const v = h.toLowerCase();
  if (v.startsWith('[')) return v.slice(1, v.indexOf(']') < 0 ? undefined : v.indexOf(']'));
  const colon = v.lastIndexOf(':');
  return colon >= 0 && v.indexOf(':') === colon && /^\d*$/.test(v.slice(colon + 1)) ? v.slice(0, colon) : v;
}

interface Sets { readonly dns: Set<string>; readonly sni: Set<string>; readonly http: Set<string> }

async function extract(path: string): Promise<Sets> {
  const found: Sets = { dns: new Set(), sni: new Set(), http: new Set() };
  let a;
  try {
    a = await analyzeCaptures([{ name: path, stream: createReadStream(path) }], { limits: DEFAULT_LIMITS, tool: { name: 't', version: '0' } });
  } catch (e) {
    if (e instanceof CaptureFormatError) return found;
    throw e;
  }
  for (const t of a.dns) found.dns.add(t.query === '' ? '<root>' : plain(t.query));
  for (const { names: fn } of a.flows) {
    for (const n of fn.names) {
      if (n.source === 'tls_sni' || n.source === 'quic_sni') found.sni.add(plain(n.value));
      if (n.source === 'http_host') found.http.add(hostOnly(plain(n.value)));
    }
  }
  return found;
}



describe.skipIf(!HAVE_CORPUS)('pipeline names vs tshark (ORACLE.tsv)', () => {
  it.each(oracleRows(hostOnly).map((r) => [r.file, r] as const))('%s', async (file, row) => {
    expectNameSets(file, await extract(join(CORPUS_DIR, file)), row, KNOWN_DIFFERENCES[file]);
  });
});
