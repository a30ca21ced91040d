/**
 * Judging endpoints with a cache: flows to the same address, port, protocol and name with the
 * same evidence object get the same judgement (the geo stage shares evidence per address). The
 * cache is bounded, and location summaries equal in content are one object: a capture to a
 * million destinations otherwise kept a judgement and a summary of its own for each (some 1.4 KB
 * a destination, measured). Judging is pure, so neither changes a result.
 * @module policy/endpoint
 */
import { BoundedMap } from '../core/index.js';
import type { GeoEvidence, IpBytes } from '../geo/index.js';
import type { CompiledPolicy } from './compile.js';
import { normalizeName } from './domain.js';
import { judgeEndpoint, type EndpointJudgement } from './judge.js';
import { geoCandidates, type GeoCandidates, type LocationSummary } from './location.js';
import type { EndpointFacts } from './rules.js';

/** What identifies an endpoint for judging. */
export interface EndpointQuery {
  readonly ipText: string;
  readonly ip: IpBytes | undefined;
  readonly port: number;
  readonly ipProto: number;
  readonly proto: string;
  /** The endpoint is the far end of an outer tunnel of this kind (`gre`, `vxlan`, …). */
  readonly tunnel?: string;
  /** The endpoint was reached through the HTTP proxy at this `address:port`. */
  readonly viaProxy?: string;
  readonly name: string | null;
  /** Apply uncertainty.no_name to a missing name (flows); DNS resolvers are judged by address only. */
  readonly nameMatters: boolean;
  /** A local destination judged because of include_local. */
  readonly local: boolean;
  readonly evidence: GeoEvidence;
}

/** Endpoint judgements remembered; past it the oldest is forgotten (and judged again if it comes back). */
export const MAX_CACHED_ENDPOINTS = 65_536;
/** Distinct location summaries shared; past it the oldest is forgotten (equal ones made later are no longer shared with it). */
export const MAX_SHARED_SUMMARIES = 65_536;

/** Judges endpoints for one policy, remembering results per endpoint and evidence object. */
export class EndpointJudge {
  readonly #c: CompiledPolicy;
  readonly #cache: BoundedMap<string, { readonly evidence: GeoEvidence; readonly j: EndpointJudgement }>;
  readonly #summaries: BoundedMap<string, LocationSummary>;

  /** `caps`: for tests; by default MAX_CACHED_ENDPOINTS judgements and MAX_SHARED_SUMMARIES summaries. */
  constructor(compiled: CompiledPolicy, caps: { readonly judgements?: number; readonly summaries?: number } = {}) {
    this.#c = compiled;
    this.#cache = new BoundedMap(caps.judgements ?? MAX_CACHED_ENDPOINTS);
    this.#summaries = new BoundedMap(caps.summaries ?? MAX_SHARED_SUMMARIES);
  }

  get compiled(): CompiledPolicy {
    return this.#c;
  }

  judge(q: EndpointQuery): EndpointJudgement {
    const name = q.name === null || q.name === '' ? null : normalizeName(q.name);
    const key = `${q.ipText}|${q.port}|${q.ipProto}|${name ?? ''}|${q.nameMatters ? 1 : 0}|${q.local ? 1 : 0}|${q.tunnel ?? ''}|${q.viaProxy ?? ''}`;
    const hit = this.#cache.get(key);
    if (hit !== undefined && hit.evidence === q.evidence) return hit.j;
    const u = this.#c.policy.uncertainty;
    const facts: EndpointFacts = {
      ipText: q.ipText,
      ip: q.ip,
      port: q.port,
      ipProto: q.ipProto,
      proto: q.proto,
      ...(q.tunnel === undefined ? {} : { tunnel: q.tunnel }),
      ...(q.viaProxy === undefined ? {} : { viaProxy: q.viaProxy }),
      name,
      nameUnknown: q.nameMatters && name === null && u.noName === 'inconclusive',
    };
    const j = judgeEndpoint(this.#c, facts, this.#shared(geoCandidates(q.evidence, q.local, u.disputed === 'majority')));
    this.#cache.set(key, { evidence: q.evidence, j });
    return j;
  }

  /** `g` with its summary replaced by an equal one made earlier, if any. */
  #shared(g: GeoCandidates): GeoCandidates {
    const s = g.summary;
    const key = JSON.stringify([s.status, s.detail, s.countries, s.registeredCountries, s.asns, s.asOrgs]);
    const earlier = this.#summaries.get(key);
    if (earlier !== undefined) return { ...g, summary: earlier };
    this.#summaries.set(key, s);
    return g;
  }
}

