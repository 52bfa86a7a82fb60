/**
 * Typed messages of the tickplant client protocol (the gateway's AsyncAPI document, `/api/v1/asyncapi.json`, is the
 * reference). Prices and sizes are {@link Decimal}: the exact text the server sent (`"1.08500"`), never a binary
 * double. `seq`, `time` and `checksum` are integers well inside the exact range of a JavaScript number.
 */

/** An exact decimal as the server rendered it, at the instrument's precision: `"65000.10"`. */
export type Decimal = string;

/** One book level: `[price, size]`. */
export type Level = [price: Decimal, size: Decimal];

/** Channels the gateway serves today; any other string is passed through as a future channel. */
export type KnownChannel = 'tick' | 'depth' | 'trade' | 'status';
export type Channel = KnownChannel | (string & {});

export type StatusState = 'live' | 'stale' | 'resyncing' | 'closed' | 'disconnected' | 'rejected' | (string & {});

/** Per-hop times, epoch microseconds, on market data of a client that connected with `?hops=true`. */
export interface Hops {
  /** When ingest read the venue's frame. */
  recv: number;
  /** When the gateway encoded the message. */
  send: number;
}

export interface Tick {
  type: 'tick';
  hops?: Hops;
  symbol: string;
  seq: number;
  /** Venue event time, epoch milliseconds. */
  time: number;
  bid: Decimal | null;
  ask: Decimal | null;
  bidSize?: Decimal | null;
  askSize?: Decimal | null;
  /** Last trade, or the mid where the instrument has no trades yet. */
  price?: Decimal | null;
  /** The venue's most recent last-trade price by venue time; null when unknown. */
  last?: Decimal | null;
  /** Mid price at the instrument's precision; null unless both sides are present. */
  mid?: Decimal | null;
  /** On a consolidated tick whose best bid (one venue) is above its best ask (another): the venues disagree. */
  crossed?: true;
  venue: string;
  /** On a consolidated tick whose sides come from different venues. */
  bidVenue?: string;
  askVenue?: string;
  /** How many older ticks the server merged into this one (it was behind); `seq` skips that many. */
  conflated?: number;
}

export interface Depth {
  type: 'depth';
  hops?: Hops;
  symbol: string;
  bids: Level[];
  asks: Level[];
  seq: number;
  /** CRC32 of the levels as sent; see {@link depthChecksum}. */
  checksum: number;
  time: number;
  venue: string;
  levels: number;
  /** On a merged book whose best bid is above its best ask: the venues disagree. */
  crossed?: true;
  /** How many older images the server merged into this one (it was behind); `seq` skips that many. */
  conflated?: number;
  /** Merged books only: per level sent, the venues quoting it and their sizes. */
  bidVenues?: Record<string, Decimal>[];
  askVenues?: Record<string, Decimal>[];
}

export interface Trade {
  type: 'trade';
  hops?: Hops;
  symbol: string;
  price: Decimal;
  size: Decimal;
  /** The aggressor. */
  side: 'buy' | 'sell' | 'unknown';
  venue: string;
  tradeId: string;
  seq: number;
  time: number;
}

export interface VenueStatus {
  venue: string;
  state: StatusState;
  reason: string;
}

export interface Status {
  type: 'status';
  hops?: Hops;
  symbol: string;
  venue: string;
  state: StatusState;
  reason: string;
  /** Consolidated views, first status: every venue that has sent data. */
  venues?: VenueStatus[];
  seq: number;
  time: number;
}

/** Market data of a channel this client does not know yet: passed through as parsed. */
export interface OtherMarketData {
  type: string;
  symbol: string;
  seq: number;
  [field: string]: unknown;
}

export type MarketData = Tick | Depth | Trade | Status;

/**
 * The sequence of one (channel, symbol) starts again at `seq`: the next message of that channel is a fresh
 * snapshot. `origin: 'server'` is the gateway's own `reset` message (after lost messages or a normalizer restart);
 * `origin: 'reconnect'` is made by this client when, after a reconnect, the server did not resume the stream where
 * it left off, so `missed` messages between `lastSeq` and `seq` were not received.
 */
export interface Reset {
  type: 'reset';
  symbol: string;
  channel: Channel;
  seq: number;
  reason: string;
  origin?: 'server' | 'reconnect';
  /** The last seq received before the reset (client-made resets). */
  lastSeq?: number;
  /** How many seq numbers were skipped (client-made resets). */
  missed?: number;
}

/** Made by this client: `seq` jumped on a live connection without a `reset` (messages were lost). */
export interface Gap {
  type: 'gap';
  symbol: string;
  channel: Channel;
  /** The seq that was expected (last + 1). */
  expectedSeq: number;
  /** The seq that arrived; the message itself follows the gap. */
  seq: number;
  missed: number;
}

/** Made by this client: the subscription's receive queue was full and `dropped` messages were discarded. */
export interface Overflow {
  type: 'overflow';
  dropped: number;
}

/** What a subscription yields: market data plus the events that explain a discontinuity. */
export type StreamItem = MarketData | OtherMarketData | Reset | Gap | Overflow;

export interface Welcome {
  type: 'welcome';
  message: string;
  server: string;
  version?: string;
  authenticated?: boolean;
  authTimeoutSeconds?: number;
}

export interface AuthReply {
  type: 'auth';
  success: boolean;
  message: string;
  code?: string;
}

export interface Subscribed {
  type: 'subscribed';
  symbols: string[];
  totalSubscriptions: number;
  /** Absent for the tick channel. */
  channel?: Channel;
  levels?: number;
}

export interface Unsubscribed {
  type: 'unsubscribed';
  symbols: string[];
  totalSubscriptions: number;
  channel?: Channel;
}

export interface ErrorMessage {
  type: 'error';
  code: string;
  message: string;
  symbol?: string;
  suggestions?: string[];
  /** Several symbols of one request refused for the same reason: the first 50 of them. */
  symbols?: string[];
  /** How many symbols this one error refuses. */
  count?: number;
}

/** A notice that needs no answer: `SLOW_CONSUMER` when the client's messages start to wait for its socket. */
export interface WarningMessage {
  type: 'warning';
  code: string;
  message: string;
}

export interface ReconnectNotice {
  type: 'reconnect';
  message: string;
  retryAfterMs: number;
}

export interface Pong {
  type: 'pong';
  time: number;
  id?: unknown;
}

export interface OptionsReply {
  type: 'options';
  batch: boolean;
  batchMaxMessages?: number;
  batchLingerMs?: number;
}

export interface ListReply {
  type: 'list';
  symbols: string[];
  totalSubscriptions: number;
  subscriptions?: { symbol?: string; channel?: Channel; levels?: number }[];
}

/** The key's entitlements and usage; a limit without a value is null. */
export interface LimitsReply {
  type: 'limits';
  key: string;
  assetClasses: string[];
  symbols: string[];
  maxConnections: number | null;
  connections: number;
  maxSubscriptions: number;
  subscriptions: number;
  maxMessagesPerSecond: number | null;
}

export type ControlMessage =
  | Welcome
  | AuthReply
  | Subscribed
  | Unsubscribed
  | ErrorMessage
  | WarningMessage
  | ReconnectNotice
  | Pong
  | OptionsReply
  | ListReply
  | LimitsReply;

/** Anything the server sends, as parsed (control messages of future versions included). */
export type ServerMessage = ControlMessage | MarketData | Reset | { type: string; [field: string]: unknown };

const CONTROL_TYPES: ReadonlySet<string> = new Set([
  'welcome',
  'auth',
  'subscribed',
  'unsubscribed',
  'list',
  'error',
  'warning',
  'reconnect',
  'pong',
  'options',
  'limits',
  'reset',
]);

/** Market data of any channel: a message with a `symbol` and a numeric `seq` that is not a control message. */
export function isMarketData(msg: { type?: unknown; symbol?: unknown; seq?: unknown }): msg is OtherMarketData {
  return (
    typeof msg.type === 'string' &&
    typeof msg.symbol === 'string' &&
    typeof msg.seq === 'number' &&
    !CONTROL_TYPES.has(msg.type)
  );
}
