/**
 * A Map with a size cap (STYLE rule 8): at the cap the oldest entry is evicted (FIFO), and the
 * evictions are counted so a report can say the memo was too small.
 * @module core/bounded-map
 */

/** Bounded key → value store; `get`/`set` match mmdb-lib's `Cache` interface. */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();
  readonly #max: number;
  #evicted = 0;
  /**
   * Oldest-first cursor kept between evictions. V8 leaves deleted Map entries in place until the
   * table is rebuilt, so a fresh `keys().next()` walks over every earlier eviction (measured: 19 s
   * for 1 M inserts at a cap of 65,536); a cursor that persists passes each one once.
   */
  #oldest: IterableIterator<K> | undefined;

  constructor(max: number) {
    if (!(max >= 1)) throw new RangeError(`cap must be ≥ 1, got ${max}`);
    this.#max = max;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V): void {
    if (this.#map.size >= this.#max && !this.#map.has(key)) {
      this.#oldest ??= this.#map.keys();
      let oldest = this.#oldest.next();
      if (oldest.done === true) {
        // The cursor ran past the end before later insertions: start again from the front.
        this.#oldest = this.#map.keys();
        oldest = this.#oldest.next();
      }
      if (oldest.done !== true) this.#map.delete(oldest.value);
      this.#evicted++;
    }
    this.#map.set(key, value);
  }

  get size(): number {
    return this.#map.size;
  }

  /** Entries dropped because of the cap. */
  get evicted(): number {
    return this.#evicted;
  }
}
