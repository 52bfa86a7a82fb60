/**
 * The tickplant client: one WebSocket, authenticated with an API key, carrying any number of subscriptions.
 *
 * - Every frame is parsed with {@link parseExact}, so prices and sizes are the server's exact text; a frame that is
 *   a JSON array (batched mode) is unpacked into its messages.
 * - Each (channel, symbol) stream has its `seq` checked ({@link StreamSequence}): duplicates are dropped and
 *   counted, a jump is surfaced as a {@link Gap}, and a server `reset` is passed on.
 * - Depth messages are verified against their `checksum`; a bad one is not delivered but reported as a
 *   {@link ChecksumError}.
 * - When the connection drops (or the server says `reconnect`), the client reconnects with jittered exponential
 *   backoff, authenticates again, and resubscribes every stream with `resume` set to the last `seq` it received.
 *   If the server does not resume (the first message then jumps), a {@link Reset} with `origin: 'reconnect'` tells
 *   how many messages were missed: never a silent jump.
 * - Each request (subscribe, unsubscribe) is followed by a `ping` with an id; the server answers in order, so every
 *   confirmation and error before that `pong` belongs to the request.
 */
import { Backoff, type BackoffOptions } from './backoff.js';
import { depthChecksum } from './checksum.js';
import {
  AuthError,
  ChecksumError,
  ConnectionError,
  ProtocolError,
  SUBSCRIPTION_CODES,
  TickplantError,
  serverError,
} from './errors.js';
import { DECIMAL_FIELDS, parseExact } from './json.js';
import {
  isMarketData,
  type AuthReply,
  type Channel,
  type Depth,
  type ErrorMessage,
  type WarningMessage,
  type Level,
  type OptionsReply,
  type OtherMarketData,
  type Reset,
  type ServerMessage,
  type StreamItem,
  type Subscribed,
} from './messages.js';
import type { OverflowPolicy } from './queue.js';
import { StreamSequence } from './sequence.js';
import { Subscription } from './subscription.js';

/** The part of the WebSocket API this client uses: the browser's, Node 22's global one, and the `ws` package's. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface ClientOptions {
  /** `ws://HOST:8080/` */
  url: string;
  apiKey: string;
  /**
   * The WebSocket implementation. Default: the global `WebSocket` (browsers, Node 22+), else the `ws` package
   * (an optional peer dependency; install it on Node 20).
   */
  WebSocket?: WebSocketConstructor;
  /** Batched mode: the server packs messages into JSON-array frames (fewer frames for busy clients). */
  batch?: boolean;
  /** Reconnect after a lost connection (default true), with these backoff bounds (default 250 ms to 10 s). */
  reconnect?: boolean | BackoffOptions;
  /** Bound on connecting and authenticating (default 10 s). */
  connectTimeoutMs?: number;
  /** Bound on a subscribe/unsubscribe round trip (default 10 s). */
  requestTimeoutMs?: number;
  /**
   * Liveness: after this long without a frame the client sends a `ping`; after twice this long it drops the
   * connection and reconnects (default 15 s; 0 turns it off). The server also pings at the WebSocket level.
   */
  heartbeatMs?: number;
  /** Verify every depth message against its checksum (default true). */
  verifyChecksums?: boolean;
  /** Receive queue of each subscription read with `for await` (default 10000 items). */
  queueCapacity?: number;
  /** What a full receive queue discards (default `drop-oldest`); the reader gets an `overflow` item either way. */
  overflow?: OverflowPolicy;
  /** More fields whose numbers are exact decimals (for channels added later); the protocol's own are built in. */
  decimalFields?: Iterable<string>;
}

export interface SubscribeOptions {
  /** Default `['tick']`. Any channel name is passed through. */
  channels?: Channel[];
  channel?: Channel;
  /** Depth levels per side, 1–50 (server default 10). */
  levels?: number;
  /** Qualifies the venue (`binance`), like `SYMBOL@venue`. */
  exchange?: string;
  /** Deliver to this callback instead of a queue. */
  onMessage?: (item: StreamItem) => void;
  queueCapacity?: number;
  overflow?: OverflowPolicy;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface DuplicateEvent {
  symbol: string;
  channel: Channel;
  seq: number;
  lastSeq: number;
}

export interface ClientEvents {
  state: ConnectionState;
  /** Errors not tied to a request: checksum mismatches, errors after a resubscribe, server errors, … */
  error: TickplantError;
  /** Every message as parsed, before routing (control messages included). */
  message: ServerMessage;
  duplicate: DuplicateEvent;
  /** A notice from the server (`SLOW_CONSUMER`: this client is not reading fast enough; states are conflated). */
  warning: WarningMessage;
}

export interface ClientStats {
  frames: number;
  messages: number;
  duplicates: number;
  gaps: number;
  resets: number;
  checksumFailures: number;
  /** Reconnect attempts (each try after a lost connection, successful or not). */
  reconnects: number;
  /** Market data for a stream nobody holds (e.g. just unsubscribed). */
  unrouted: number;
}

interface Stream {
  readonly seq: StreamSequence;
  readonly owner: Subscription;
  readonly levels: number | undefined;
  readonly exchange: string | undefined;
}

interface PendingRequest {
  readonly id: number;
  /** The subscription a subscribe creates; undefined for unsubscribe. */
  readonly subscription: Subscription | undefined;
  readonly resubscribe: boolean;
  readonly levels: number | undefined;
  readonly exchange: string | undefined;
  readonly errors: TickplantError[];
  readonly resolve: () => void;
  readonly reject: (err: TickplantError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const OPEN = 1;
const HEARTBEAT_TIMEOUT_CODE = 4000;

type Listener<T> = (value: T) => void;

export class TickplantClient {
  readonly stats: ClientStats = {
    frames: 0,
    messages: 0,
    duplicates: 0,
    gaps: 0,
    resets: 0,
    checksumFailures: 0,
    reconnects: 0,
    unrouted: 0,
  };

  private readonly options: ClientOptions;
  private readonly decimalFields: ReadonlySet<string>;
  private readonly backoff: Backoff | undefined;
  private readonly listeners = new Map<keyof ClientEvents, Set<Listener<never>>>();
  private readonly streams = new Map<string, Stream>();
  private readonly requests: PendingRequest[] = [];
  private nextRequestId = 1;
  private ws: WebSocketLike | undefined;
  private currentState: ConnectionState = 'idle';
  private openWaiters: { resolve: () => void; reject: (err: TickplantError) => void }[] = [];
  private authWaiter: ((reply: AuthReply) => void) | undefined;
  private optionsWaiter: ((reply: OptionsReply) => void) | undefined;
  private abortConnect: ((err: TickplantError) => void) | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private retryAfterMs = 0;
  private closing = false;

  constructor(options: ClientOptions) {
    if (!options.url || typeof options.apiKey !== 'string') {
      throw new TypeError('TickplantClient needs { url, apiKey }');
    }
    this.options = options;
    this.decimalFields = options.decimalFields
      ? new Set([...DECIMAL_FIELDS, ...options.decimalFields])
      : DECIMAL_FIELDS;
    const reconnect = options.reconnect ?? true;
    this.backoff = reconnect === false ? undefined : new Backoff(reconnect === true ? {} : reconnect);
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  on<K extends keyof ClientEvents>(event: K, listener: Listener<ClientEvents[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set!.delete(listener as Listener<never>);
  }

  /**
   * Connects and authenticates. Rejects with {@link AuthError} for a refused key and {@link ConnectionError} when
   * the server cannot be reached; the first connection is not retried, later ones are (see `reconnect`).
   */
  async connect(): Promise<void> {
    if (this.currentState === 'open') {
      return;
    }
    if (this.currentState === 'connecting' || this.currentState === 'reconnecting') {
      return this.whenOpen();
    }
    this.closing = false;
    this.setState('connecting');
    try {
      await this.openConnection();
    } catch (err) {
      this.setState('closed');
      throw err;
    }
    this.setState('open');
  }

  /**
   * Subscribes `symbols` to `channels`; resolves once the server has answered, with the subscription (whose
   * `rejected` lists any refused symbol). Rejects with the typed error ({@link UnknownSymbolError}, …) when the
   * server refused every symbol.
   */
  async subscribe(symbols: string | readonly string[], options: SubscribeOptions = {}): Promise<Subscription> {
    const list = typeof symbols === 'string' ? [symbols] : [...symbols];
    if (list.length === 0) {
      throw new TypeError('subscribe needs at least one symbol');
    }
    const channels = options.channels ?? [options.channel ?? 'tick'];
    await this.whenOpen();
    const subscription = new Subscription(
      this,
      channels,
      options.onMessage,
      options.queueCapacity ?? this.options.queueCapacity ?? 10_000,
      options.overflow ?? this.options.overflow ?? 'drop-oldest',
    );
    const body: Record<string, unknown> = { type: 'subscribe', symbols: list, channels };
    if (options.levels !== undefined) {
      body.levels = options.levels;
    }
    if (options.exchange !== undefined) {
      body.exchange = options.exchange;
    }
    const errors = await this.request(body, subscription, false, options.levels, options.exchange);
    subscription.rejected.push(...errors);
    if (subscription.symbols.length === 0) {
      subscription.end();
      throw errors[0] ?? new TickplantError('NOT_SUBSCRIBED', `the server confirmed none of ${list.join(', ')}`);
    }
    return subscription;
  }

  /** @internal Ends `subscription` and stops its streams on the server. */
  async unsubscribeAll(subscription: Subscription): Promise<void> {
    if (!subscription.active) {
      return;
    }
    const symbols: string[] = [];
    const channels = new Set<Channel>();
    for (const [key, stream] of this.streams) {
      if (stream.owner === subscription) {
        this.streams.delete(key);
        if (!symbols.includes(stream.seq.symbol)) {
          symbols.push(stream.seq.symbol);
        }
        channels.add(stream.seq.channel);
      }
    }
    subscription.end();
    if (symbols.length === 0 || this.currentState !== 'open') {
      return; // subscriptions are per connection: a closed one holds none
    }
    try {
      // NOT_SUBSCRIBED for a (symbol, channel) pair that was never confirmed is expected; ignore it.
      await this.request({ type: 'unsubscribe', symbols, channels: [...channels] }, undefined, false);
    } catch (err) {
      if (!(err instanceof ConnectionError)) {
        throw err;
      }
    }
  }

  /** Closes the connection (code 1000), stops reconnecting and ends every subscription. */
  async close(): Promise<void> {
    if (this.currentState === 'closed' && !this.ws) {
      return;
    }
    this.closing = true;
    this.clearTimers();
    this.abortConnect?.(new ConnectionError('CLIENT_CLOSED', 'the client was closed'));
    this.failRequests(new ConnectionError('CLIENT_CLOSED', 'the client was closed'));
    this.endSubscriptions();
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      await new Promise<void>((resolve) => {
        // Bounded: a peer that never answers the close handshake must not hold close() up.
        const timer = setTimeout(resolve, 2000);
        ws.onmessage = null;
        ws.onerror = ignore;
        ws.onclose = () => {
          clearTimeout(timer);
          resolve();
        };
        try {
          ws.close(1000, 'client closed');
        } catch {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    this.setState('closed');
  }

  /** @internal */
  reportCallbackError(error: unknown): void {
    const err =
      error instanceof TickplantError
        ? error
        : new TickplantError('CALLBACK_FAILED', `a message callback threw: ${String(error)}`);
    this.emit('error', err);
  }

  // ---- connection ----

  private async resolveWebSocket(): Promise<WebSocketConstructor> {
    if (this.options.WebSocket) {
      return this.options.WebSocket;
    }
    const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof global === 'function') {
      return global;
    }
    // Node 20 has no global WebSocket: use the optional peer dependency. The name is a variable so bundlers for
    // browsers (which always have a global WebSocket) do not try to resolve it.
    const name = 'ws';
    try {
      const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as {
        WebSocket?: WebSocketConstructor;
        default?: WebSocketConstructor;
      };
      const ctor = mod.WebSocket ?? mod.default;
      if (typeof ctor === 'function') {
        return ctor;
      }
    } catch {
      // fall through to the explanation below
    }
    throw new ConnectionError(
      'NO_WEBSOCKET',
      'no WebSocket implementation: use Node 22+ or a browser, install the "ws" package, or pass options.WebSocket',
    );
  }

  /** One attempt: open, authenticate, set options, resubscribe. */
  private async openConnection(): Promise<void> {
    const WebSocketImpl = await this.resolveWebSocket();
    if (this.closing) {
      throw new ConnectionError('CLIENT_CLOSED', 'the client was closed');
    }
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      let ws: WebSocketLike;
      const timer = setTimeout(
        () => fail(new ConnectionError('CONNECT_TIMEOUT', `no authenticated connection to ${this.options.url}`)),
        this.options.connectTimeoutMs ?? 10_000,
      );
      const fail = (err: TickplantError) => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        this.abortConnect = undefined;
        this.authWaiter = undefined;
        this.optionsWaiter = undefined;
        if (this.ws === ws) {
          this.ws = undefined;
        }
        detach(ws);
        try {
          ws.close();
        } catch {
          // already closed
        }
        reject(err);
      };
      const succeed = () => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        this.abortConnect = undefined;
        resolve();
      };
      this.abortConnect = fail;
      try {
        ws = new WebSocketImpl(this.options.url);
      } catch (err) {
        clearTimeout(timer);
        this.abortConnect = undefined;
        reject(new ConnectionError('CONNECTION_FAILED', `cannot connect to ${this.options.url}: ${String(err)}`));
        return;
      }
      this.ws = ws;
      ws.onerror = () => {
        // A close event follows and says more.
      };
      ws.onmessage = (event) => this.onFrame(ws, event.data);
      ws.onclose = (event) => {
        if (!settled) {
          fail(
            new ConnectionError(
              'CONNECTION_FAILED',
              `connection to ${this.options.url} closed (${event.code}${event.reason ? ' ' + event.reason : ''}) ` +
                'before it was authenticated',
            ),
          );
        } else {
          this.onClosed(ws);
        }
      };
      ws.onopen = () => {
        this.lastFrameAt = now();
        this.authWaiter = (reply) => {
          this.authWaiter = undefined;
          if (!reply.success) {
            fail(new AuthError(reply.code ?? 'AUTH_FAILED', reply.message ?? 'authentication failed'));
            return;
          }
          if (!this.options.batch) {
            this.afterAuth();
            succeed();
            return;
          }
          this.optionsWaiter = () => {
            this.optionsWaiter = undefined;
            this.afterAuth();
            succeed();
          };
          this.sendJson({ type: 'options', batch: true });
        };
        this.sendJson({ type: 'auth', apiKey: this.options.apiKey });
      };
    });
  }

  private afterAuth(): void {
    this.backoff?.reset();
    this.startHeartbeat();
    this.resubscribeAll();
  }

  private onClosed(ws: WebSocketLike): void {
    if (this.ws !== ws) {
      return;
    }
    this.ws = undefined;
    detach(ws);
    this.stopHeartbeat();
    this.failRequests(new ConnectionError('CONNECTION_LOST', 'the connection was lost before the server answered'));
    if (this.closing) {
      return;
    }
    if (!this.backoff) {
      this.endSubscriptions();
      this.setState('closed');
      this.emit('error', new ConnectionError('CONNECTION_LOST', 'the connection was lost; reconnect is off'));
      return;
    }
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.max(this.backoff!.next(), this.retryAfterMs);
    this.retryAfterMs = 0;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.stats.reconnects++;
      this.openConnection().then(
        () => {
          if (!this.closing) {
            this.setState('open');
          }
        },
        (err: unknown) => {
          if (this.closing) {
            return;
          }
          if (err instanceof AuthError) {
            // The key was refused: retrying cannot help.
            this.emit('error', err);
            this.endSubscriptions();
            this.setState('closed');
            return;
          }
          this.scheduleReconnect();
        },
      );
    }, delay);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const heartbeatMs = this.options.heartbeatMs ?? 15_000;
    if (heartbeatMs <= 0) {
      return;
    }
    this.heartbeatTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws) {
        return;
      }
      const silentMs = now() - this.lastFrameAt;
      if (silentMs > 2 * heartbeatMs) {
        // A dead peer may never complete a close handshake: treat the connection as lost right away.
        this.onClosed(ws);
        try {
          ws.close(HEARTBEAT_TIMEOUT_CODE, 'no frame from the server');
        } catch {
          // already closed
        }
      } else if (silentMs > heartbeatMs) {
        this.sendJson({ type: 'ping' });
      }
    }, Math.max(50, heartbeatMs / 2));
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = undefined;
    }
  }

  private clearTimers(): void {
    this.stopHeartbeat();
    if (this.reconnectTimer !== undefined) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
    }
  }

  private whenOpen(): Promise<void> {
    if (this.currentState === 'open') {
      return Promise.resolve();
    }
    if (this.currentState === 'idle' || this.currentState === 'closed') {
      return Promise.reject(new ConnectionError('NOT_CONNECTED', 'not connected: call connect() first'));
    }
    return new Promise((resolve, reject) => this.openWaiters.push({ resolve, reject }));
  }

  private setState(state: ConnectionState): void {
    if (this.currentState === state) {
      return;
    }
    this.currentState = state;
    if (state === 'open' || state === 'closed') {
      const waiters = this.openWaiters;
      this.openWaiters = [];
      for (const w of waiters) {
        if (state === 'open') {
          w.resolve();
        } else {
          w.reject(new ConnectionError('CLIENT_CLOSED', 'the client was closed'));
        }
      }
    }
    this.emit('state', state);
  }

  // ---- requests ----

  private sendJson(body: unknown): void {
    const ws = this.ws;
    if (ws && ws.readyState === OPEN) {
      ws.send(JSON.stringify(body));
    }
  }

  /** Sends `body` and a fencing `ping`; resolves with the errors the server reported for it. */
  private request(
    body: Record<string, unknown>,
    subscription: Subscription | undefined,
    resubscribe: boolean,
    levels?: number,
    exchange?: string,
  ): Promise<TickplantError[]> {
    const id = this.nextRequestId++;
    return new Promise<TickplantError[]>((resolve, reject) => {
      const errors: TickplantError[] = [];
      const request: PendingRequest = {
        id,
        subscription,
        resubscribe,
        levels,
        exchange,
        errors,
        resolve: () => resolve(errors),
        reject,
        timer: undefined,
      };
      request.timer = setTimeout(() => {
        // The request stays queued until its pong, so later replies are still attributed correctly.
        request.timer = undefined;
        reject(new ConnectionError('REQUEST_TIMEOUT', `no answer to ${String(body.type)} in time`));
      }, this.options.requestTimeoutMs ?? 10_000);
      this.requests.push(request);
      this.sendJson(body);
      this.sendJson({ type: 'ping', id });
    });
  }

  private finishRequest(id: number): void {
    const at = this.requests.findIndex((r) => r.id === id);
    if (at < 0) {
      return;
    }
    // Requests before this one have had their pong overtaken only if the server dropped them: finish them too.
    const done = this.requests.splice(0, at + 1);
    for (const request of done) {
      if (request.timer !== undefined) {
        clearTimeout(request.timer);
      }
      if (request.resubscribe) {
        for (const err of request.errors) {
          this.emit('error', err);
        }
      }
      request.resolve();
    }
  }

  private failRequests(err: TickplantError): void {
    const pending = this.requests.splice(0);
    for (const request of pending) {
      if (request.timer !== undefined) {
        clearTimeout(request.timer);
      }
      if (request.subscription && request.subscription.symbols.length > 0) {
        request.resolve(); // confirmed streams exist and are resubscribed on the next connection
      } else {
        request.reject(err);
      }
    }
  }

  /** Subscribes every stream again on a fresh connection, asking the server to resume after the last seq. */
  private resubscribeAll(): void {
    interface Group {
      owner: Subscription;
      symbols: string[];
      channels: Channel[];
      levels: number | undefined;
      exchange: string | undefined;
      resume: Record<string, Record<string, number>>;
    }
    // Per (subscription, symbol), its channels in subscription order; then the symbols of one subscription with the
    // same channels share one request.
    const owners = new Map<Subscription, number>();
    const perSymbol = new Map<string, { owner: Subscription; symbol: string; streams: Stream[] }>();
    for (const stream of this.streams.values()) {
      if (!owners.has(stream.owner)) {
        owners.set(stream.owner, owners.size);
      }
      const key = JSON.stringify([owners.get(stream.owner), stream.seq.symbol, stream.levels, stream.exchange]);
      let entry = perSymbol.get(key);
      if (!entry) {
        entry = { owner: stream.owner, symbol: stream.seq.symbol, streams: [] };
        perSymbol.set(key, entry);
      }
      entry.streams.push(stream);
    }
    const groups = new Map<string, Group>();
    for (const entry of perSymbol.values()) {
      const first = entry.streams[0]!;
      const channels = entry.streams.map((s) => s.seq.channel);
      const key = JSON.stringify([owners.get(entry.owner), channels, first.levels, first.exchange]);
      let group = groups.get(key);
      if (!group) {
        group = { owner: entry.owner, symbols: [], channels, levels: first.levels, exchange: first.exchange,
          resume: {} };
        groups.set(key, group);
      }
      group.symbols.push(entry.symbol);
      for (const stream of entry.streams) {
        stream.seq.onResubscribed();
        if (stream.seq.lastSeq !== undefined) {
          (group.resume[entry.symbol] ??= {})[stream.seq.channel] = stream.seq.lastSeq;
        }
      }
    }
    for (const group of groups.values()) {
      const body: Record<string, unknown> = { type: 'subscribe', symbols: group.symbols, channels: group.channels };
      if (group.levels !== undefined) {
        body.levels = group.levels;
      }
      if (group.exchange !== undefined) {
        body.exchange = group.exchange;
      }
      if (Object.keys(group.resume).length > 0) {
        body.resume = group.resume;
      }
      this.request(body, group.owner, true, group.levels, group.exchange).catch(() => {
        // a lost connection fails it; the next connection resubscribes again
      });
    }
  }

  // ---- receiving ----

  private onFrame(ws: WebSocketLike, data: unknown): void {
    if (this.ws !== ws) {
      return;
    }
    this.lastFrameAt = now();
    this.stats.frames++;
    if (typeof data !== 'string') {
      this.emit('error',
        new ProtocolError('BINARY_FRAME', 'the server sent a binary frame; the protocol is JSON text'));
      return;
    }
    let parsed: unknown;
    try {
      parsed = parseExact(data, this.decimalFields);
    } catch (err) {
      this.emit('error', new ProtocolError('INVALID_JSON', `unreadable frame from the server: ${String(err)}`));
      return;
    }
    if (Array.isArray(parsed)) {
      for (const msg of parsed) {
        this.onMessage(msg);
      }
    } else {
      this.onMessage(parsed);
    }
  }

  private onMessage(value: unknown): void {
    if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
      this.emit('error', new ProtocolError('INVALID_MESSAGE', 'a message without a "type" from the server'));
      return;
    }
    const msg = value as ServerMessage;
    this.stats.messages++;
    this.emit('message', msg);
    switch (msg.type) {
      case 'auth':
        this.authWaiter?.(msg as AuthReply);
        return;
      case 'options':
        this.optionsWaiter?.(msg as OptionsReply);
        return;
      case 'pong': {
        const id = (msg as { id?: unknown }).id;
        if (typeof id === 'number') {
          this.finishRequest(id);
        }
        return;
      }
      case 'subscribed':
        this.onSubscribed(msg as Subscribed);
        return;
      case 'error':
        this.onError(msg as ErrorMessage);
        return;
      case 'warning':
        this.emit('warning', msg as WarningMessage);
        return;
      case 'reconnect': {
        const retry = (msg as { retryAfterMs?: unknown }).retryAfterMs;
        this.retryAfterMs = typeof retry === 'number' && retry > 0 ? Math.min(retry, 60_000) : 0;
        return;
      }
      case 'reset':
        this.onServerReset(msg as Reset);
        return;
      default:
        if (isMarketData(msg)) {
          this.onMarketData(msg);
        }
    }
  }

  private onSubscribed(msg: Subscribed): void {
    const request = this.requests[0];
    if (!request?.subscription || !Array.isArray(msg.symbols)) {
      return;
    }
    const channel = msg.channel ?? 'tick';
    for (const symbol of msg.symbols) {
      const key = streamKey(channel, symbol);
      if (request.resubscribe) {
        continue; // the stream exists already (or was unsubscribed meanwhile and must not come back)
      }
      if (!this.streams.has(key)) {
        this.streams.set(key, {
          seq: new StreamSequence(channel, symbol),
          owner: request.subscription,
          levels: request.levels,
          exchange: request.exchange,
        });
      }
      request.subscription.addConfirmed(symbol, channel);
    }
  }

  private onError(msg: ErrorMessage): void {
    const err = serverError(msg);
    const request = this.requests[0];
    if (request && SUBSCRIPTION_CODES.has(msg.code)) {
      if (request.resubscribe && msg.symbol !== undefined) {
        // Refused on a new connection (e.g. no longer entitled): those streams are gone.
        for (const [key, stream] of this.streams) {
          if (stream.owner === request.subscription && stream.seq.symbol === msg.symbol) {
            this.streams.delete(key);
            request.subscription!.removeConfirmed(stream.seq.symbol, stream.seq.channel);
          }
        }
        if (request.subscription!.symbols.length === 0) {
          request.subscription!.end(); // nothing left to read: let its reader finish
        }
      }
      request.errors.push(err);
      return;
    }
    if (this.authWaiter && err instanceof AuthError) {
      this.authWaiter({ type: 'auth', success: false, message: msg.message, code: msg.code });
      return;
    }
    this.emit('error', err);
  }

  private onServerReset(msg: Reset): void {
    const stream = this.streams.get(streamKey(msg.channel, msg.symbol));
    if (!stream) {
      return;
    }
    if (typeof msg.seq === 'number') {
      stream.seq.onServerReset(msg.seq);
    }
    this.stats.resets++;
    stream.owner.deliver({ ...msg, origin: 'server' });
  }

  private onMarketData(msg: OtherMarketData): void {
    const stream = this.streams.get(streamKey(msg.type, msg.symbol));
    if (!stream) {
      this.stats.unrouted++;
      return;
    }
    const conflated = typeof msg.conflated === 'number' ? msg.conflated : 0;
    const verdict = stream.seq.check(msg.seq, conflated);
    switch (verdict.kind) {
      case 'duplicate':
        this.stats.duplicates++;
        this.emit('duplicate', { symbol: msg.symbol, channel: msg.type, seq: msg.seq, lastSeq: verdict.lastSeq });
        return;
      case 'gap':
        this.stats.gaps++;
        stream.owner.deliver(verdict.event);
        break;
      case 'reset':
        this.stats.resets++;
        stream.owner.deliver(verdict.event);
        break;
      case 'accept':
        break;
    }
    if (msg.type === 'depth' && this.options.verifyChecksums !== false && typeof msg.checksum === 'number') {
      const depth = msg as unknown as Depth;
      const actual = levelsValid(depth.bids) && levelsValid(depth.asks) ? depthChecksum(depth.bids, depth.asks) : -1;
      if (actual !== depth.checksum) {
        // Not delivered: each depth message is a full image, so the next good one repairs the book.
        this.stats.checksumFailures++;
        this.emit('error', new ChecksumError(depth.symbol, depth.seq, depth.checksum, actual));
        return;
      }
    }
    stream.owner.deliver(msg as StreamItem);
  }

  private endSubscriptions(): void {
    const owners = new Set<Subscription>();
    for (const stream of this.streams.values()) {
      owners.add(stream.owner);
    }
    this.streams.clear();
    for (const owner of owners) {
      owner.end();
    }
  }

  private emit<K extends keyof ClientEvents>(event: K, value: ClientEvents[K]): void {
    const set = this.listeners.get(event);
    if (!set || set.size === 0) {
      if (event === 'error') {
        // Nobody listens: do not lose it silently.
        console.warn(`tickplant: ${(value as TickplantError).name} ${(value as TickplantError).code}: ` +
          (value as TickplantError).message);
      }
      return;
    }
    for (const listener of [...set]) {
      try {
        (listener as Listener<ClientEvents[K]>)(value);
      } catch (err) {
        if (event !== 'error') {
          this.reportCallbackError(err);
        }
      }
    }
  }
}

function streamKey(channel: string, symbol: string): string {
  return `${channel}\u0000${symbol}`;
}

function levelsValid(levels: unknown): levels is Level[] {
  return (
    Array.isArray(levels) &&
    levels.every((l) => Array.isArray(l) && l.length >= 2 && typeof l[0] === 'string' && typeof l[1] === 'string')
  );
}

function detach(ws: WebSocketLike): void {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onclose = null;
  // Not null: the ws package raises an error event when a socket still connecting is closed, and an error
  // event without a listener would throw.
  ws.onerror = ignore;
}

function ignore(): void {}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
