import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { asn, buildMmdb, flat, geoip2 } from '../builders/mmdb.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ev-geo-'));
const write = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

// Public (not special-purpose) ranges, so the geo stage looks them up.
const A = write('a.mmdb', buildMmdb([['5.5.5.0/24', geoip2('GB', 'GB')], ['6.6.6.0/24', geoip2('DE', 'US')]], { databaseType: 'GeoIP2-Country' }));
const B = write('b.mmdb.gz', gzipSync(buildMmdb([['5.5.5.0/24', flat('RU')], ['6.6.6.0/24', flat('DE')]], { databaseType: 'country ipvAll' })));
const C = write('c.mmdb', buildMmdb([['5.5.5.0/24', asn(64500, 'Evil\u001b[31m Org')]], { databaseType: 'GeoLite2-ASN' }));
const user = ['--no-embedded', '--geoip', A, '--geoip', B, '--geoip', C];

describe('egress-verify geo', () => {
  it('shows every database side by side and a dispute when they disagree', async () => {
    const r = await runCli(['geo', ...user, '5.5.5.5', '6.6.6.6']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5.5.5.5: DISPUTED: GB by a; RU by b\n');
    expect(r.stdout).toContain('6.6.6.6: DE (all 2 location databases agree)');
    expect(r.stdout).toContain('registered US');
    expect(r.stdout).toContain('AS64500, Evil\\x1b[31m Org');
    expect(r.stdout).not.toContain('\u001b');
  });

  it('JSON lists the databases with the sha256 of the bytes given, and the evidence', async () => {
    const r = await runCli(['geo', '--json', ...user, '5.5.5.5', '10.0.0.1', '::ffff:6.6.6.6']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.databases.map((d: { id: string }) => d.id)).toEqual(['a', 'b', 'c']);
    expect(j.databases[0].sha256).toBe(createHash('sha256').update(readFileSync(A)).digest('hex'));
    expect(j.addresses[0].consensus.status).toBe('disputed');
    expect(j.addresses[1].consensus).toEqual({ status: 'unknown', reason: 'special' });
    expect(j.addresses[1].answers).toEqual([]);
    expect(j.addresses[2]).toMatchObject({ ip: '6.6.6.6', unmapped_from: '::ffff:6.6.6.6' });
  });

  it('uses the embedded databases by default (pinned packages and the built ASN database)', async () => {
    const r = await runCli(['geo', '--json', '8.8.8.8', '2a02:6b8::2:242']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.databases.map((d: { id: string }) => d.id)).toEqual(['gwa', 'dbip', 'asn']);
    const req = createRequire(import.meta.url);
    const gwa = join(dirname(req.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json')), 'geo-whois-asn-country.mmdb');
    expect(j.databases[0].sha256).toBe(createHash('sha256').update(readFileSync(gwa)).digest('hex'));
    expect(j.addresses[0].consensus).toMatchObject({ status: 'agree', country: 'US' });
    expect(j.addresses[0].answers[2]).toMatchObject({ db: 'asn', asn: 15169 });
    expect(j.addresses[1].answers.every((a: { status: string }) => a.status === 'found')).toBe(true);
  });

  it.each([
    { name: 'no address', argv: ['geo'], code: 64 },
    { name: '--no-embedded without --geoip', argv: ['geo', '--no-embedded', '1.1.1.1'], code: 64 },
    { name: 'a missing database file', argv: ['geo', '--geoip', join(dir, 'nope.mmdb'), '1.1.1.1'], code: 66 },
    { name: 'a file that is not MMDB', argv: ['geo', '--no-embedded', '--geoip', write('x.mmdb', 'hello'), '1.1.1.1'], code: 65 },
  ])('$name → exit $code with one line', async ({ argv, code }) => {
    const r = await runCli(argv);
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^egress-verify: E_[A-Z_]+ /);
  });
});
