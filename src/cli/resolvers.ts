/**
 * The bundled list of DNS-over-HTTPS resolvers (geodata/resolvers/encrypted-dns.json), read once.
 * @module cli/resolvers
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputOpenError } from '../core/index.js';
import type { EncryptedDnsList } from '../names/index.js';

const PATH = join(dirname(fileURLToPath(import.meta.url)), '../../geodata/resolvers/encrypted-dns.json');

interface ResolverEntry { readonly hostnames?: unknown; readonly addresses?: unknown }

/** Host names and addresses of the known DoH resolvers. */
export async function loadEncryptedDns(): Promise<EncryptedDnsList> {
  let doc: { resolvers?: readonly ResolverEntry[] };
  try {
    doc = JSON.parse(await readFile(PATH, 'utf8')) as typeof doc;
  } catch (err) {
    throw new InputOpenError(PATH, `bundled resolver list ${PATH} is missing or not JSON`, { cause: err });
  }
  const hostnames = new Set<string>();
  const addresses = new Set<string>();
  for (const r of doc.resolvers ?? []) {
    if (Array.isArray(r.hostnames)) for (const h of r.hostnames) if (typeof h === 'string') hostnames.add(h.toLowerCase());
    if (Array.isArray(r.addresses)) for (const a of r.addresses) if (typeof a === 'string') addresses.add(canonicalIp(a));
  }
  return { hostnames, addresses };
}

/** RFC 5952 text of an IPv6 address (the WHATWG URL host serializer compresses the same way); IPv4 as is. */
function canonicalIp(a: string): string {
  if (!a.includes(':')) return a;
  try {
    return new URL(`http://[${a}]/`).hostname.slice(1, -1);
  } catch {
    return a;
  }
}
