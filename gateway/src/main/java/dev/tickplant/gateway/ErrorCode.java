package dev.tickplant.gateway;

/**
 * Machine-readable codes of the {@code error} messages sent to clients. The wire form is the constant's name. Every
 * one of them leaves the connection open, except {@link #AUTH_TIMEOUT}, {@link #AUTH_FAILED} once the failure limit
 * is reached, and {@link #SLOW_CONSUMER}.
 */
public enum ErrorCode {
    /** A request other than {@code auth} or {@code ping} arrived before authentication. */
    AUTH_REQUIRED,
    /** The API key was wrong or missing. */
    AUTH_FAILED,
    /** No successful {@code auth} within the auth window; the server closes the connection. */
    AUTH_TIMEOUT,
    /** The text is not JSON. */
    INVALID_JSON,
    /** The JSON is not an object. */
    INVALID_MESSAGE,
    /** {@code type}/{@code action} is missing or names no known request. */
    UNKNOWN_TYPE,
    /** {@code symbol}/{@code symbols} is missing, empty, of the wrong type or holds a non-string. */
    INVALID_SYMBOLS,
    /** {@code channel}/{@code channels} is not a string (list) naming tick, depth, trade or status. */
    INVALID_CHANNEL,
    /** {@code levels} (depth) is not an integer within 1..{@value RequestParser#MAX_DEPTH_LEVELS}. */
    INVALID_LEVELS,
    /** The symbol (or symbol@venue) is not in the instrument universe. */
    UNKNOWN_SYMBOL,
    /**
     * The venue refused the symbol upstream, so no data will come for it; sent to every session subscribed to it
     * (the subscription stays in place and resumes should the venue accept it later).
     */
    SYMBOL_REJECTED,
    /** The connection already subscribes to that symbol. */
    ALREADY_SUBSCRIBED,
    /** Unsubscribing a symbol the connection does not subscribe to. */
    NOT_SUBSCRIBED,
    /** The per-connection subscription limit (gateway-wide or the key's {@code maxSubscriptions}) is reached. */
    SUBSCRIPTION_LIMIT,
    /** The API key is not entitled to the symbol (its asset class and symbol are not among the key's). */
    NOT_ENTITLED,
    /** The API key already has its {@code maxConnections} connections, counted across all gateway instances. */
    CONNECTION_LIMIT,
    /** More client messages than the key's {@code maxMessagesPerSecond}; the message was not processed. */
    RATE_LIMITED,
    /** The client message exceeds the configured size limit. */
    MESSAGE_TOO_LARGE,
    /** A binary frame; the protocol is JSON text. */
    UNSUPPORTED_FRAME,
    /** The client did not read its data fast enough; the server closes the connection. */
    SLOW_CONSUMER
}
