/** Typed errors: what the server refused (with its `code`) and what went wrong on this side. */
import type { ErrorMessage } from './messages.js';

/** Base class; `code` is the server's error code (`UNKNOWN_SYMBOL`) or one of this client's (`CONNECTION_FAILED`). */
export class TickplantError extends Error {
  readonly code: string;
  readonly symbol: string | undefined;

  constructor(code: string, message: string, symbol?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.symbol = symbol;
  }
}

/** The server refused the API key (`AUTH_FAILED`), or the key has no connection left (`CONNECTION_LIMIT`). */
export class AuthError extends TickplantError {}

/** The symbol is not in the instrument registry; `suggestions` are the server's "did you mean". */
export class UnknownSymbolError extends TickplantError {
  readonly suggestions: string[];

  constructor(message: string, symbol: string | undefined, suggestions: string[]) {
    super('UNKNOWN_SYMBOL', message, symbol);
    this.suggestions = suggestions;
  }
}

/** Any other refused subscription: `NOT_ENTITLED`, `SUBSCRIPTION_LIMIT`, `ALREADY_SUBSCRIBED`, `INVALID_*`, … */
export class SubscriptionError extends TickplantError {}

/** A depth message whose levels do not give its `checksum`; the message was not delivered. */
export class ChecksumError extends TickplantError {
  readonly expected: number;
  readonly actual: number;
  readonly seq: number;

  constructor(symbol: string, seq: number, expected: number, actual: number) {
    super('CHECKSUM_MISMATCH', `depth ${symbol} seq ${seq}: checksum ${expected} sent, levels give ${actual}`, symbol);
    this.expected = expected;
    this.actual = actual;
    this.seq = seq;
  }
}

/** The connection could not be made, was lost before a reply came, or the client was closed. */
export class ConnectionError extends TickplantError {}

/** The server sent something this client cannot read (not JSON, a binary frame). */
export class ProtocolError extends TickplantError {}

/** The typed error for an `error` message (or failed `auth`) from the server. */
export function serverError(msg: ErrorMessage): TickplantError {
  switch (msg.code) {
    case 'UNKNOWN_SYMBOL':
      return new UnknownSymbolError(msg.message, msg.symbol, Array.isArray(msg.suggestions) ? msg.suggestions : []);
    case 'AUTH_FAILED':
    case 'AUTH_REQUIRED':
    case 'AUTH_TIMEOUT':
    case 'CONNECTION_LIMIT':
      return new AuthError(msg.code, msg.message, msg.symbol);
    default:
      return SUBSCRIPTION_CODES.has(msg.code)
        ? new SubscriptionError(msg.code, msg.message, msg.symbol)
        : new TickplantError(msg.code, msg.message, msg.symbol);
  }
}

/** Error codes that answer a subscribe or unsubscribe request. */
export const SUBSCRIPTION_CODES: ReadonlySet<string> = new Set([
  'UNKNOWN_SYMBOL',
  'NOT_ENTITLED',
  'SUBSCRIPTION_LIMIT',
  'ALREADY_SUBSCRIBED',
  'NOT_SUBSCRIBED',
  'INVALID_SYMBOLS',
  'INVALID_CHANNEL',
  'INVALID_LEVELS',
]);
