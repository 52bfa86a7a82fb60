package dev.tickplant.bench.load;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Picks the few fields the load client needs out of server messages without building JSON objects, so the client
 * costs far less per message than the server it measures.
 *
 * <p>Input is fed as bytes, in as many pieces as it arrives (WebSocket fragments, NATS payloads split across frames);
 * {@link #endText()} marks the end of one text (a WebSocket message or a NATS payload). A text is either one JSON
 * object (a message) or a JSON array of objects (a batched frame). Of each message the scanner reads the top-level
 * {@code type}, {@code time} (epoch ms), {@code conflated} (updates merged into this one) and the {@code hops} object
 * ({@code recv}, {@code norm}, {@code send}: µs since the epoch); every other value is skipped by depth counting,
 * strings and escapes included.
 *
 * <p>It does not validate: it is fed the output of servers, not user input. A text that is cut short or unbalanced
 * yields no message and leaves no state behind once {@link #endText()} is called.
 *
 * <p>Not thread-safe: one scanner per connection, used on its event loop.
 */
public final class MessageScanner {
    /** What a message is, as far as counting goes. */
    public enum Kind {
        /** A market-data message: {@code tick}, {@code depth} or {@code trade}. */
        MARKET_DATA,
        /** The reply to a subscription request. */
        SUBSCRIBED,
        /** An error reply. */
        ERROR,
        /** Anything else (welcome, status, reset, ...). */
        OTHER
    }

    /** Receives each message once its closing brace is seen. */
    public interface Listener {
        /**
         * One message.
         *
         * @param timeMs the {@code time} field, or -1 when absent
         * @param conflated the {@code conflated} field, or 0 when absent
         * @param hopsRecvUs {@code hops.recv}, or -1 when absent (likewise {@code hopsNormUs}, {@code hopsSendUs})
         */
        void onMessage(Kind kind, long timeMs, long conflated, long hopsRecvUs, long hopsNormUs, long hopsSendUs);
    }

    private static final int NONE = 0;
    private static final int TYPE = 1;
    private static final int TIME = 2;
    private static final int CONFLATED = 3;
    private static final int HOPS = 4;
    private static final int RECV = 5;
    private static final int NORM = 6;
    private static final int SEND = 7;
    private static final byte[][] MESSAGE_KEYS = {bytes("type"), bytes("time"), bytes("conflated"), bytes("hops")};
    private static final int[] MESSAGE_FIELDS = {TYPE, TIME, CONFLATED, HOPS};
    private static final byte[][] HOP_KEYS = {bytes("recv"), bytes("norm"), bytes("send")};
    private static final int[] HOP_FIELDS = {RECV, NORM, SEND};
    private static final byte[][] MARKET_DATA_TYPES = {bytes("tick"), bytes("depth"), bytes("trade")};
    private static final byte[] SUBSCRIBED_TYPE = bytes("subscribed");
    private static final byte[] ERROR_TYPE = bytes("error");

    private final Listener listener;
    private final byte[] captured = new byte[16];
    private int capturedLength;
    private boolean capturing;

    private int depth;
    /** Depth of message objects in the current text: 1 for a bare object, 2 inside a batch array; 0 before. */
    private int messageDepth;
    private boolean inString;
    private boolean escaped;
    private boolean expectKey;
    private boolean inHops;
    private boolean stringIsKey;
    private int field;
    private boolean inNumber;
    private long number;

    private Kind kind;
    private long timeMs;
    private long conflated;
    private long hopsRecvUs;
    private long hopsNormUs;
    private long hopsSendUs;

    public MessageScanner(Listener listener) {
        this.listener = listener;
        endText();
    }

    /** Feeds bytes {@code [from, to)} of {@code buffer}. */
    public void feed(Buffer buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            accept(buffer.getByte(i));
        }
    }

    /** Feeds a whole buffer. */
    public void feed(Buffer buffer) {
        feed(buffer, 0, buffer.length());
    }

    /** Feeds a string's UTF-8 bytes (tests and small inputs). */
    public void feed(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            accept(b);
        }
    }

    /** Ends the current text; the next byte starts a new one. */
    public void endText() {
        depth = 0;
        messageDepth = 0;
        inString = false;
        escaped = false;
        capturing = false;
        inHops = false;
        expectKey = false;
        field = NONE;
        inNumber = false;
    }

    private void accept(byte b) {
        if (inString) {
            acceptInString(b);
            return;
        }
        if (inNumber) {
            if (b >= '0' && b <= '9') {
                number = number * 10 + (b - '0');
                return;
            }
            endNumber();
        }
        switch (b) {
            case '"' -> startString();
            case '{' -> openObject();
            case '[' -> {
                if (depth == 0) {
                    messageDepth = 2;
                }
                depth++;
                field = NONE;
            }
            case '}' -> closeObject();
            case ']' -> depth--;
            case ',' -> {
                if (atFieldLevel()) {
                    expectKey = true;
                    field = NONE;
                }
            }
            case ':' -> {
                if (atFieldLevel()) {
                    expectKey = false;
                }
            }
            default -> {
                if (b >= '0' && b <= '9' && atFieldLevel() && isNumeric(field)) {
                    inNumber = true;
                    number = b - '0';
                }
            }
        }
    }

    private void acceptInString(byte b) {
        if (escaped) {
            escaped = false;
            capture(b);
        } else if (b == '\\') {
            escaped = true;
        } else if (b == '"') {
            inString = false;
            if (capturing) {
                capturing = false;
                endCapture();
            }
        } else {
            capture(b);
        }
    }

    private void capture(byte b) {
        if (capturing) {
            if (capturedLength < captured.length) {
                captured[capturedLength++] = b;
            } else {
                capturedLength = captured.length + 1; // too long to be any name we look for
            }
        }
    }

    private void startString() {
        inString = true;
        if (!atFieldLevel()) {
            return;
        }
        if (expectKey) {
            capturing = true;
            stringIsKey = true;
            capturedLength = 0;
        } else if (field == TYPE && depth == messageDepth) {
            capturing = true;
            stringIsKey = false;
            capturedLength = 0;
        }
    }

    private void endCapture() {
        if (stringIsKey) {
            field = inHops && depth == messageDepth + 1
                    ? lookup(HOP_KEYS, HOP_FIELDS)
                    : depth == messageDepth ? lookup(MESSAGE_KEYS, MESSAGE_FIELDS) : NONE;
            return;
        }
        if (matchesAny(MARKET_DATA_TYPES)) {
            kind = Kind.MARKET_DATA;
        } else if (matches(SUBSCRIBED_TYPE)) {
            kind = Kind.SUBSCRIBED;
        } else if (matches(ERROR_TYPE)) {
            kind = Kind.ERROR;
        }
        field = NONE;
    }

    private void openObject() {
        if (depth == 0 && messageDepth == 0) {
            messageDepth = 1;
        }
        depth++;
        if (depth == messageDepth) {
            kind = Kind.OTHER;
            timeMs = -1;
            conflated = 0;
            hopsRecvUs = -1;
            hopsNormUs = -1;
            hopsSendUs = -1;
            expectKey = true;
            inHops = false;
        } else if (depth == messageDepth + 1 && field == HOPS) {
            inHops = true;
            expectKey = true;
        }
        field = NONE;
    }

    private void closeObject() {
        if (depth == messageDepth) {
            listener.onMessage(kind, timeMs, conflated, hopsRecvUs, hopsNormUs, hopsSendUs);
            expectKey = false;
        } else if (inHops && depth == messageDepth + 1) {
            inHops = false;
            expectKey = false;
        }
        field = NONE;
        depth--;
    }

    private void endNumber() {
        inNumber = false;
        switch (field) {
            case TIME -> timeMs = number;
            case CONFLATED -> conflated = number;
            case RECV -> hopsRecvUs = number;
            case NORM -> hopsNormUs = number;
            case SEND -> hopsSendUs = number;
            default -> {}
        }
        field = NONE;
    }

    /** Inside a message object, or inside its {@code hops} object, where keys are read. */
    private boolean atFieldLevel() {
        return messageDepth > 0 && (depth == messageDepth || (inHops && depth == messageDepth + 1));
    }

    private static boolean isNumeric(int field) {
        return field == TIME || field == CONFLATED || field == RECV || field == NORM || field == SEND;
    }

    private int lookup(byte[][] keys, int[] fields) {
        for (int k = 0; k < keys.length; k++) {
            if (matches(keys[k])) {
                return fields[k];
            }
        }
        return NONE;
    }

    private boolean matchesAny(byte[][] names) {
        for (byte[] name : names) {
            if (matches(name)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(byte[] name) {
        if (capturedLength != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (captured[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
