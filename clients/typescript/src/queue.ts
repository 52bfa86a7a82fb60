/**
 * A bounded FIFO between the socket (which pushes) and a consumer (which pulls with `await`). A WebSocket cannot be
 * paused in a browser, so a slow consumer must lose something or memory grows without bound: this queue holds at
 * most `capacity` items and then follows its {@link OverflowPolicy}, counting what it discards. The consumer learns
 * of every loss from an {@link Overflow} item placed where the loss happened, never silently.
 */
import type { Overflow } from './messages.js';

/** `drop-oldest` keeps the newest data (right for quotes and books); `drop-newest` keeps what is already queued. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest';

export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private waiter: ((item: T | Overflow | undefined) => void) | undefined;
  private closed = false;
  /** Index in `items` before which an overflow marker is due; -1: none. */
  private markerAt = -1;
  /** Items discarded since the consumer last got an overflow marker. */
  private pendingDrops = 0;
  /** Items discarded in total. */
  dropped = 0;

  constructor(
    readonly capacity: number,
    readonly policy: OverflowPolicy,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.closed) {
      return;
    }
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(item);
      return;
    }
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.dropped++;
    this.pendingDrops++;
    if (this.policy === 'drop-newest') {
      if (this.markerAt < 0) {
        this.markerAt = this.items.length; // after what was kept, before what comes once there is room
      }
      return;
    }
    // drop-oldest: the loss is at the front, so the marker is too.
    this.items.shift();
    this.items.push(item);
    this.markerAt = 0;
  }

  /** The next item; undefined once the queue is closed and empty. */
  next(): Promise<T | Overflow | undefined> {
    if (this.markerAt === 0) {
      const dropped = this.pendingDrops;
      this.markerAt = -1;
      this.pendingDrops = 0;
      return Promise.resolve({ type: 'overflow', dropped });
    }
    if (this.items.length > 0) {
      if (this.markerAt > 0) {
        this.markerAt--;
      }
      return Promise.resolve(this.items.shift() as T);
    }
    if (this.closed) {
      return Promise.resolve(undefined);
    }
    if (this.waiter) {
      return Promise.reject(new Error('one consumer at a time: await the previous next() first'));
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** No more items; what is queued can still be read. */
  close(): void {
    this.closed = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(undefined);
  }
}
