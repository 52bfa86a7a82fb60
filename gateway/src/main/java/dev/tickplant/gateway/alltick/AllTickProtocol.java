package dev.tickplant.gateway.alltick;

/**
 * Command ids and {@code ret} codes of the AllTick WebSocket protocol, as AllTick documents them.
 *
 * @see <a href="https://en.apis.alltick.co/integration-process/universal-standard-header-description/websocket-common-standard-header">Websocket Common Standard Header</a>
 * @see <a href="https://en.apis.alltick.co/integration-process/interface-restriction-description/error-code-description">Error code description</a>
 */
final class AllTickProtocol {
    static final int CMD_HEARTBEAT = 22000;
    static final int CMD_SUBSCRIBE_DEPTH = 22002;
    static final int CMD_SUBSCRIBE_TRADES = 22004;
    static final int CMD_CANCEL = 22006;
    static final int CMD_PUSH_TRADE = 22998;
    static final int CMD_PUSH_DEPTH = 22999;

    static final int CANCEL_ALL = 0;
    static final int CANCEL_DEPTH = 1;
    static final int CANCEL_TRADES = 2;

    static final int RET_OK = 200;
    /** {@code request header param invalid} / {@code request data param invalid}. */
    static final int RET_BAD_REQUEST = 400;
    static final int RET_TOKEN_INVALID = 401;
    /** {@code rate limit}: the plan's (here: the API key's) request frequency is exceeded. */
    static final int RET_RATE_LIMIT = 429;
    static final int RET_CODE_INVALID = 600;
    static final int RET_BODY_EMPTY = 601;
    /** {@code token level not enough}: more codes than the plan (here: the connection's limit) allows. */
    static final int RET_TOKEN_LEVEL = 603;
    /** {@code code unauthorized}: the token (here: its API key) may not request the code. */
    static final int RET_CODE_UNAUTHORIZED = 604;
    /** {@code too many requests}: AllTick's request frequency limit (one subscription request per second). */
    static final int RET_TOO_MANY_REQUESTS = 605;

    static final String MSG_HEADER_INVALID = "request header param invalid";
    static final String MSG_DATA_INVALID = "request data param invalid";

    private AllTickProtocol() {}
}
