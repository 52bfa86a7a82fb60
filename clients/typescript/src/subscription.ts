/**
 * One `subscribe` call's streams (each confirmed (channel, symbol)), read either with `for await` or with a
 * callback. With a callback nothing is queued; without one, items wait in a {@link BoundedQueue}.
 */
import type { Channel, Overflow, StreamItem } from './messages.js';
import type { TickplantError } from './errors.js';
import { BoundedQueue, type OverflowPolicy } from './queue.js';

/** @internal What a subscription needs from its client. */
export interface SubscriptionOwner {
  unsubscribeAll(subscription: Subscription): Promise<void>;
  reportCallbackError(error: unknown): void;
}

export class Subscription implements AsyncIterable<StreamItem> {
  /** The channels asked for. */
  readonly channels: readonly Channel[];
  /** What the server refused of this request (unknown symbols, symbols not entitled, …). */
  readonly rejected: TickplantError[] = [];
  private readonly confirmed = new Map<string, Set<Channel>>();
  private readonly queue: BoundedQueue<StreamItem> | undefined;
  private readonly callback: ((item: StreamItem) => void) | undefined;
  private ended = false;

  /** @internal */
  constructor(
    private readonly owner: SubscriptionOwner,
    channels: readonly Channel[],
    callback: ((item: StreamItem) => void) | undefined,
    queueCapacity: number,
    overflow: OverflowPolicy,
  ) {
    this.channels = [...channels];
    this.callback = callback;
    this.queue = callback ? undefined : new BoundedQueue<StreamItem>(queueCapacity, overflow);
  }

  /** Confirmed symbols (in the server's spelling, which is the one you sent). */
  get symbols(): string[] {
    return [...this.confirmed.keys()];
  }

  /** The channels confirmed for `symbol`. */
  channelsOf(symbol: string): Channel[] {
    return [...(this.confirmed.get(symbol) ?? [])];
  }

  /** Items the receive queue discarded (0 with a callback). */
  get dropped(): number {
    return this.queue?.dropped ?? 0;
  }

  /** Items waiting in the receive queue. */
  get queued(): number {
    return this.queue?.size ?? 0;
  }

  get active(): boolean {
    return !this.ended;
  }

  /** Stops every stream of this subscription (one `unsubscribe` to the server); iteration then ends. */
  unsubscribe(): Promise<void> {
    return this.owner.unsubscribeAll(this);
  }

  /** The next item; undefined once the subscription has ended and the queue is drained. */
  next(): Promise<StreamItem | Overflow | undefined> {
    if (!this.queue) {
      return Promise.reject(new Error('this subscription delivers to its callback; it has no queue to read'));
    }
    return this.queue.next();
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamItem> {
    return {
      next: async (): Promise<IteratorResult<StreamItem>> => {
        const item = await this.next();
        return item === undefined ? { done: true, value: undefined } : { done: false, value: item };
      },
      // Leaving a `for await` loop (break, throw) ends the subscription, like closing a stream.
      return: async (): Promise<IteratorResult<StreamItem>> => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  /** @internal */
  addConfirmed(symbol: string, channel: Channel): void {
    let set = this.confirmed.get(symbol);
    if (!set) {
      set = new Set();
      this.confirmed.set(symbol, set);
    }
    set.add(channel);
  }

  /** @internal */
  removeConfirmed(symbol: string, channel: Channel): void {
    const set = this.confirmed.get(symbol);
    set?.delete(channel);
    if (set && set.size === 0) {
      this.confirmed.delete(symbol);
    }
  }

  /** @internal */
  deliver(item: StreamItem): void {
    if (this.ended) {
      return;
    }
    if (this.callback) {
      try {
        this.callback(item);
      } catch (err) {
        this.owner.reportCallbackError(err);
      }
      return;
    }
    this.queue!.push(item);
  }

  /** @internal Nothing more will be delivered. */
  end(): void {
    this.ended = true;
    this.queue?.close();
  }
}
