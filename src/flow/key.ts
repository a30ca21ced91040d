/**
 * Flow keys and the flow index.
 *
 * A key has three parts, built once per packet without concatenation in the common case:
 * the address that sorts first (with `%<vlan ids>` appended only for tagged traffic), the other
 * address, and a number packing (ipProto, one-way flag, port of the first address, port of the
 * second). Sorting the (address, port) endpoints makes both directions build the same key; one-way
 * ICMP messages keep their direction (flag set, not sorted), as Zeek's is_one_way keys do.
 * IPv4 and IPv6 addresses never collide as text, so the IP version needs no field.
 *
 * Measured (tests/flow/bench-flow-table.ts): nested Maps string → string → number look up about
 * twice as fast as one concatenated string key (number→text conversions, cons-string flattening
 * and hashing of ~35 characters per packet).
 * @module flow/key
 */

/** The three parts of a flow key. */
export interface KeyParts {
  k1: string;
  k2: string;
  k3: number;
}

/** VLAN ids as key text: '' when untagged (the common case allocates nothing). */
export function vlanKey(vlan: readonly number[]): string {
  if (vlan.length === 0) return '';
  if (vlan.length === 1) return String(vlan[0]);
  return vlan.join('.');
}

/** Fills `out` with the direction-free key of a flow between (a, pa) and (b, pb). */
export function setFlowKey(out: KeyParts, ipProto: number, a: string, pa: number, b: string, pb: number, vlan: string): void {
  if (a < b || (a === b && pa <= pb)) {
    out.k1 = vlan === '' ? a : a + '%' + vlan;
    out.k2 = b;
    out.k3 = (ipProto * 2 * 65536 + pa) * 65536 + pb;
  } else {
    out.k1 = vlan === '' ? b : b + '%' + vlan;
    out.k2 = a;
    out.k3 = (ipProto * 2 * 65536 + pb) * 65536 + pa;
  }
}

/** Fills `out` with the key of a one-way ICMP flow from `src` to `dst` (direction kept). */
export function setOneWayKey(out: KeyParts, ipProto: number, src: string, type: number, dst: string, code: number, vlan: string): void {
  out.k1 = vlan === '' ? src : src + '%' + vlan;
  out.k2 = dst;
  out.k3 = ((ipProto * 2 + 1) * 65536 + type) * 65536 + code;
}

/** Map of live flows by key parts. Empty inner maps are removed, so memory follows the live flows. */
export class FlowIndex<V> {
  readonly #m = new Map<string, Map<string, Map<number, V>>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(k: KeyParts): V | undefined {
    return this.#m.get(k.k1)?.get(k.k2)?.get(k.k3);
  }

  /** Stores `v` under `k` (replacing any previous value). */
  set(k: KeyParts, v: V): void {
    let l2 = this.#m.get(k.k1);
    if (l2 === undefined) this.#m.set(k.k1, (l2 = new Map()));
    let l3 = l2.get(k.k2);
    if (l3 === undefined) l2.set(k.k2, (l3 = new Map()));
    const before = l3.size;
    l3.set(k.k3, v);
    this.#size += l3.size - before;
  }

  delete(k: KeyParts): void {
    const l2 = this.#m.get(k.k1);
    const l3 = l2?.get(k.k2);
    if (l2 === undefined || l3 === undefined || !l3.delete(k.k3)) return;
    this.#size--;
    if (l3.size === 0) {
      l2.delete(k.k2);
      if (l2.size === 0) this.#m.delete(k.k1);
    }
  }
}
