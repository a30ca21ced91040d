/**
 * Judging endpoints with a cache: flows to the same address, port, protocol and name with the
 * same evidence object get the same judgement (the geo stage shares evidence per address).
 * @module policy/endpoint
 */
import type { GeoEvidence, IpBytes } from '../geo/index.js';
import type { CompiledPolicy } from './compile.js';
import { normalizeName } from './domain.js';
import { judgeEndpoint, type EndpointJudgement } from './judge.js';
import { geoCandidates } from './location.js';
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

/** Judges endpoints for one policy, remembering results per evidence object. */
export class EndpointJudge {
  readonly #c: CompiledPolicy;
  readonly #cache = new WeakMap<GeoEvidence, Map<string, EndpointJudgement>>();

  constructor(compiled: CompiledPolicy) {
    this.#c = compiled;
  }

  get compiled(): CompiledPolicy {
    return this.#c;
  }

  judge(q: EndpointQuery): EndpointJudgement {
    const name = q.name === null || q.name === '' ? null : normalizeName(q.name);
    const key = `${q.ipText}|${q.port}|${q.ipProto}|${name ?? ''}|${q.nameMatters ? 1 : 0}|${q.local ? 1 : 0}|${q.tunnel ?? ''}|${q.viaProxy ?? ''}`;
    let m = this.#cache.get(q.evidence);
    if (m === undefined) {
      m = new Map();
      this.#cache.set(q.evidence, m);
    }
    const hit = m.get(key);
    if (hit !== undefined) return hit;
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
    const j = judgeEndpoint(this.#c, facts, geoCandidates(q.evidence, q.local, u.disputed === 'majority'));
    m.set(key, j);
    return j;
  }
}
