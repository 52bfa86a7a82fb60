package dev.tickplant.ingest;

/**
 * Expected failures in ingest, as values with stable numeric codes (ingest owns the 1xxx range). They are counted
 * per reason and logged at a rate limit; exceptions are reserved for bugs.
 */
public enum Reject {
    /** The frame is not valid JSON or not a JSON object. */
    PARSE_MALFORMED_FRAME(1001),
    /** The venue code is not in the instrument registry for this venue. */
    PARSE_UNKNOWN_SYMBOL(1002),
    /** The frame carries a command id this venue adapter does not know. */
    PARSE_UNKNOWN_COMMAND(1003),
    /** A required field is missing or has the wrong type. */
    PARSE_BAD_FIELD(1004),
    /** A price or size does not fit the instrument's scale, or is not a decimal. */
    MAP_BAD_DECIMAL(1005),
    /** The push carries no usable content (an empty book, a zero price). */
    MAP_EMPTY(1006);

    private final int code;

    Reject(int code) {
        this.code = code;
    }

    /** Stable numeric code, for metrics and logs. */
    public int code() {
        return code;
    }
}
