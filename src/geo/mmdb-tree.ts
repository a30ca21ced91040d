/**
 * The search tree of a MaxMind DB (spec v2.0, "Binary Search Tree Section"): a binary trie over
 * address bits, most significant first. Built in typed arrays; serialised in breadth-first order
 * from the root, so unreachable (overwritten) nodes are dropped and numbering is deterministic.
 * @module geo/mmdb-tree
 */

/** Slot encoding while building: 0 empty, > 0 child node index, < 0 −(record id + 1). */
type Slot = number;

/** Trie of networks → record ids. Later insertions win where networks overlap. */
export class SearchTrie {
  #kids = new Int32Array(2 * 1024);
  #nodes = 1;
  readonly #bits: number;

  constructor(bits: 32 | 128) {
    this.#bits = bits;
  }

  get bits(): number {
    return this.#bits;
  }

  #newNode(left: Slot, right: Slot): number {
    if (2 * (this.#nodes + 1) > this.#kids.length) {
      const next = new Int32Array(this.#kids.length * 2);
      next.set(this.#kids);
      this.#kids = next;
    }
    const n = this.#nodes++;
    this.#kids[2 * n] = left;
    this.#kids[2 * n + 1] = right;
    return n;
  }

  /** Node reached after walking `prefix` bits of `bytes`, creating nodes (pushing data down). */
  #walkCreate(bytes: Uint8Array, prefix: number): { node: number; slot: number } {
    let node = 0;
    let slot = -1;
    for (let depth = 0; depth < prefix; depth++) {
      const bit = (bytes[depth >> 3]! >> (7 - (depth & 7))) & 1;
      slot = 2 * node + bit;
      if (depth === prefix - 1) break;
      const v = this.#kids[slot]!;
      if (v > 0) {
        node = v;
        continue;
      }
      // Empty or data: split it so the more specific network can go below (data copied to both halves).
      const n = this.#newNode(v, v);
      this.#kids[slot] = n;
      node = n;
    }
    return { node, slot };
  }

  /** Map `bytes/prefix` (bytes.length * 8 === bits) to record `id`, replacing whatever was below. */
  insert(bytes: Uint8Array, prefix: number, id: number): void {
    if (prefix === 0) {
      this.#kids[0] = -(id + 1);
      this.#kids[1] = -(id + 1);
      return;
    }
    const { slot } = this.#walkCreate(bytes, prefix);
    this.#kids[slot] = -(id + 1);
  }

  /**
   * Make `fromBytes/fromPrefix` point at the node for `toBytes/toPrefix` (spec: IPv4 aliases such
   * as ::ffff:0:0/96 → ::/96). The target node is created when missing.
   */
  alias(fromBytes: Uint8Array, fromPrefix: number, toBytes: Uint8Array, toPrefix: number): void {
    const target = this.#walkCreate(toBytes, toPrefix);
    let node = this.#kids[target.slot]!;
    if (node <= 0) {
      node = this.#newNode(node, node);
      this.#kids[target.slot] = node;
    }
    const from = this.#walkCreate(fromBytes, fromPrefix);
    this.#kids[from.slot] = node;
  }

  /**
   * Breadth-first numbering from the root. Calls `onRecord(id)` for each data slot in visit order
   * (so records are encoded in a deterministic order) and returns the renumbered slots: for node i,
   * `slots[2i]`/`slots[2i+1]` are ≥ 0 for a child node, −1 for empty, ≤ −2 for −(record id + 2).
   */
  layout(onRecord: (id: number) => void): { nodeCount: number; slots: Int32Array } {
    const newIndex = new Int32Array(this.#nodes).fill(-1);
    const order = new Int32Array(this.#nodes);
    let count = 0;
    newIndex[0] = 0;
    order[count++] = 0;
    for (let i = 0; i < count; i++) {
      const old = order[i]!;
      for (let side = 0; side < 2; side++) {
        const v = this.#kids[2 * old + side]!;
        if (v > 0 && newIndex[v] === -1) {
          newIndex[v] = count;
          order[count++] = v;
        } else if (v < 0) onRecord(-v - 1);
      }
    }
    const slots = new Int32Array(2 * count);
    for (let i = 0; i < count; i++) {
      const old = order[i]!;
      for (let side = 0; side < 2; side++) {
        const v = this.#kids[2 * old + side]!;
        slots[2 * i + side] = v > 0 ? newIndex[v]! : v === 0 ? -1 : v - 1;
      }
    }
    return { nodeCount: count, slots };
  }
}
