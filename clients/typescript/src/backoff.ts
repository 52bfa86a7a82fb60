/**
 * Reconnect delays: exponential from `minMs` to `maxMs`, each drawn uniformly from the upper half of the current
 * step ("equal jitter"), so clients dropped together by one server do not all come back in the same millisecond,
 * and no delay is shorter than half the step.
 */
export interface BackoffOptions {
  minMs?: number;
  maxMs?: number;
}

export class Backoff {
  readonly minMs: number;
  readonly maxMs: number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.minMs = options.minMs ?? 250;
    this.maxMs = options.maxMs ?? 10_000;
    if (!(this.minMs > 0) || !(this.maxMs >= this.minMs)) {
      throw new RangeError(`backoff needs 0 < minMs <= maxMs, got ${this.minMs} and ${this.maxMs}`);
    }
  }

  /** The delay before the next attempt; each call doubles the step up to `maxMs`. */
  next(): number {
    const step = Math.min(this.maxMs, this.minMs * 2 ** this.attempt);
    if (step < this.maxMs) {
      this.attempt++;
    }
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  /** After a connection that worked: start again from `minMs`. */
  reset(): void {
    this.attempt = 0;
  }
}
