/**
 * Loading a run's policy and geolocation (a `JudgementSetup`) from a `SetupSpec`, with the names
 * reports give the files (relative to the manifest, so reports do not depend on where the
 * campaign ran). Used by the main thread (to check every input before any run) and by workers.
 * @module cli/campaign/setup
 */
import { describeDatabase } from '../../geo/index.js';
import type { JudgementSetup } from '../judged-run.js';
import { loadGeoSetup, policyFromBytes, readInputFile } from '../judgement.js';
import { loadEncryptedDns } from '../resolvers.js';
import type { SetupSpec } from './task.js';

/** Parse and check the policy, load databases and overrides. Throws PolicyError, GeoDatabaseError, InputOpenError. */
export async function loadSetup(spec: SetupSpec): Promise<JudgementSetup> {
  const bytes = await readInputFile(spec.policy.path, 'policy');
  const policy = await policyFromBytes(bytes, spec.policy.name, spec.policy.name);
  const geo = await loadGeoSetup(
    spec.geoip.map((g) => g.path),
    spec.embeddedGeo,
    spec.geoOverrides.map((o) => o.path),
  );
  return { policy, geo, geoip: spec.geoip.map((g) => g.name), encryptedDns: await loadEncryptedDns(), nat64Prefixes: spec.nat64Prefixes };
}

/** A stable text key of a spec (setups are shared between runs with equal specs). */
export function specKey(spec: SetupSpec): string {
  return JSON.stringify([spec.policy.path, spec.policy.name, spec.geoip, spec.embeddedGeo, spec.geoOverrides, spec.nat64Prefixes]);
}

/** What of a loaded setup goes into a run's cache key: every input's name and sha256. */
export function setupIdentity(setup: JudgementSetup): object {
  const firstUser = setup.geo.dbs.length - setup.geoip.length;
  return {
    policy: { name: setup.policy.source.name, sha256: setup.policy.source.sha256 },
    databases: setup.geo.dbs.map((d, i) => ({ id: d.id, sha256: describeDatabase(d).sha256, source: i >= firstUser ? setup.geoip[i - firstUser]! : null })),
    overrides: setup.geo.overrideFiles.map((o) => ({ source: o.source, sha256: o.sha256 })),
    // Only when given: the keys of runs without prefixes stay as they were.
    ...(setup.nat64Prefixes.length === 0 ? {} : { nat64Prefixes: setup.nat64Prefixes }),
  };
}

/** Loaded setups by spec, at most `max` at once (oldest dropped first). */
export class SetupCache {
  readonly #max: number;
  readonly #map = new Map<string, Promise<JudgementSetup>>();
  constructor(max = 4) {
    this.#max = max;
  }

  /** The setup for `spec`, loaded on first use. A failed load is not kept. */
  get(spec: SetupSpec): Promise<JudgementSetup> {
    const k = specKey(spec);
    let p = this.#map.get(k);
    if (p === undefined) {
      p = loadSetup(spec);
      p.catch(() => this.#map.delete(k));
      this.#map.set(k, p);
      while (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value!);
    }
    return p;
  }
}
