/**
 * Sequence checking for one (channel, symbol) stream. The server's `seq` increases by exactly 1 per message of a
 * stream, or by 1 + `conflated` for a state the server merged from several (it says so: not a gap); only a `reset`
 * announces any other jump. This class decides, per arriving `seq`, whether the message continues
 * the stream, repeats one already delivered, or follows a discontinuity that must be surfaced. No I/O, no time.
 */
import type { Channel, Gap, Reset } from './messages.js';

export type SeqVerdict =
  | { kind: 'accept' }
  | { kind: 'duplicate'; lastSeq: number }
  | { kind: 'gap'; event: Gap }
  | { kind: 'reset'; event: Reset };

const ACCEPT: SeqVerdict = { kind: 'accept' };

export class StreamSequence {
  /** The last seq delivered; undefined until the first message (the snapshot) arrives. */
  lastSeq: number | undefined;
  /** A server `reset` said the next message carries this seq. */
  private announcedSeq: number | undefined;
  /** Resubscribed after a reconnect and no message seen since. */
  private resubscribed = false;

  constructor(
    readonly channel: Channel,
    readonly symbol: string,
  ) {}

  /** The server announced a new sequence: the next message is a fresh snapshot with `seq`. */
  onServerReset(seq: number): void {
    this.announcedSeq = seq;
  }

  /** Subscribed again on a new connection (with `resume` at {@link lastSeq}). */
  onResubscribed(): void {
    this.resubscribed = true;
  }

  /** @param conflated how many older states the server merged into this message (its `conflated` field) */
  check(seq: number, conflated = 0): SeqVerdict {
    const last = this.lastSeq;
    const announced = this.announcedSeq;
    const resubscribed = this.resubscribed;
    if (last === undefined) {
      this.lastSeq = seq;
      this.announcedSeq = undefined;
      this.resubscribed = false;
      return ACCEPT;
    }
    if (announced !== undefined) {
      // The announced snapshot; the reset itself was already delivered, so no further event.
      this.announcedSeq = undefined;
      this.resubscribed = false;
      this.lastSeq = seq;
      return ACCEPT;
    }
    if (seq <= last) {
      // Already delivered (a reconnect overlap, or a snapshot of a state the client already has).
      return { kind: 'duplicate', lastSeq: last };
    }
    this.lastSeq = seq;
    this.resubscribed = false;
    if (seq === last + 1 + conflated) {
      return ACCEPT;
    }
    const missed = seq - last - 1;
    if (resubscribed) {
      return {
        kind: 'reset',
        event: {
          type: 'reset',
          symbol: this.symbol,
          channel: this.channel,
          seq,
          reason: `reconnected; the server did not resume after seq ${last}, this is a fresh snapshot`,
          origin: 'reconnect',
          lastSeq: last,
          missed,
        },
      };
    }
    return {
      kind: 'gap',
      event: { type: 'gap', symbol: this.symbol, channel: this.channel, expectedSeq: last + 1, seq, missed },
    };
  }
}
