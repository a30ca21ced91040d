/**
 * Intrusive doubly linked list ordered by last activity: touching a node moves it to the tail in
 * O(1) without hashing (cheaper per packet than Map delete+set), and expiry scans from the head,
 * stopping at the first node still within its timeout.
 * @module flow/lru
 */

/** A node that can sit in one ActivityList at a time. */
export interface ListNode<T extends ListNode<T>> {
  prev: T | null;
  next: T | null;
  /** Index of the list holding the node, -1 when in none. */
  list: number;
}

/** Least recently active at the head, most recently active at the tail. */
export class ActivityList<T extends ListNode<T>> {
  head: T | null = null;
  tail: T | null = null;
  size = 0;

  constructor(readonly id: number) {}

  /** Appends `n` (not in any list) at the tail. */
  push(n: T): void {
    n.list = this.id;
    n.prev = this.tail;
    n.next = null;
    if (this.tail === null) this.head = n;
    else this.tail.next = n;
    this.tail = n;
    this.size++;
  }

  /** Unlinks `n`, which must be in this list. */
  remove(n: T): void {
    if (n.prev === null) this.head = n.next;
    else n.prev.next = n.next;
    if (n.next === null) this.tail = n.prev;
    else n.next.prev = n.prev;
    n.prev = null;
    n.next = null;
    n.list = -1;
    this.size--;
  }

  /** Moves `n` (in this list) to the tail. */
  touch(n: T): void {
    if (this.tail === n) return;
    this.remove(n);
    this.push(n);
  }
}
