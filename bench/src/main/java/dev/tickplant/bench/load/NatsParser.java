package dev.tickplant.bench.load;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The server side of the NATS text protocol as a client reads it, from a byte stream cut anywhere (WebSocket frames
 * of a NATS websocket connection, or TCP reads): {@code INFO {...}}, {@code MSG <subject> <sid> [reply-to] <#bytes>}
 * followed by the payload and CRLF, {@code PING}, {@code PONG}, {@code +OK} and {@code -ERR '...'}.
 *
 * <p>Payloads are handed over as slices of the buffers fed, in as many pieces as they arrived, so a message is never
 * copied. A control line longer than {@link #MAX_CONTROL_LINE} bytes or a MSG line without a valid size is reported
 * through {@link Listener#onProtocolError} and the parser skips to the next line.
 *
 * <p>See the protocol description: https://docs.nats.io/reference/reference-protocols/nats-protocol
 *
 * <p>Not thread-safe: one parser per connection.
 */
public final class NatsParser {
    /** Longest control line accepted (INFO lines carry the server's JSON description, well under this). */
    public static final int MAX_CONTROL_LINE = 64 * 1024;

    /** Receives what the server sent. */
    public interface Listener {
        /** {@code INFO}: the JSON text after the verb. */
        void onInfo(String json);

        /** {@code PING}: the client must answer {@code PONG}. */
        void onPing();

        /** {@code PONG}: the answer to our {@code PING}. */
        void onPong();

        /** A {@code MSG} line was read; its payload follows through {@link #onPayload}. */
        void onMessageStart(int payloadLength);

        /** Bytes {@code [from, to)} of {@code buffer} belong to the current message's payload. */
        void onPayload(Buffer buffer, int from, int to);

        /** The current message's payload is complete. */
        void onMessageEnd();

        /** {@code -ERR} from the server, or a line this parser could not read. */
        void onProtocolError(String line);
    }

    private enum State { CONTROL, PAYLOAD, PAYLOAD_END }

    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lineTooLong;
    private State state = State.CONTROL;
    private int payloadRemaining;
    private int endRemaining;

    public NatsParser(Listener listener) {
        this.listener = listener;
    }

    /** Feeds the next bytes of the stream. */
    public void feed(Buffer buffer) {
        int i = 0;
        int length = buffer.length();
        while (i < length) {
            switch (state) {
                case CONTROL -> {
                    byte b = buffer.getByte(i++);
                    if (b == '\n') {
                        endLine();
                    } else if (b != '\r') {
                        appendToLine(b);
                    }
                }
                case PAYLOAD -> {
                    int n = Math.min(payloadRemaining, length - i);
                    if (n > 0) {
                        listener.onPayload(buffer, i, i + n);
                    }
                    i += n;
                    payloadRemaining -= n;
                    if (payloadRemaining == 0) {
                        listener.onMessageEnd();
                        state = State.PAYLOAD_END;
                        endRemaining = 2;
                    }
                }
                case PAYLOAD_END -> {
                    // The CRLF after a payload; tolerate a bare LF.
                    byte b = buffer.getByte(i++);
                    if (b == '\n' || --endRemaining == 0) {
                        state = State.CONTROL;
                    }
                }
            }
        }
    }

    /** Feeds a string (tests). */
    public void feed(String text) {
        feed(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void appendToLine(byte b) {
        if (lineLength == line.length) {
            if (line.length >= MAX_CONTROL_LINE) {
                lineTooLong = true;
                return;
            }
            byte[] bigger = new byte[Math.min(MAX_CONTROL_LINE, line.length * 2)];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        int length = lineLength;
        boolean tooLong = lineTooLong;
        lineLength = 0;
        lineTooLong = false;
        if (tooLong) {
            listener.onProtocolError("control line longer than " + MAX_CONTROL_LINE + " bytes");
            return;
        }
        if (length == 0) {
            return;
        }
        if (startsWith(length, "MSG ")) {
            int size = lastNumber(length);
            if (size < 0) {
                listener.onProtocolError(new String(line, 0, length, StandardCharsets.UTF_8));
                return;
            }
            listener.onMessageStart(size);
            payloadRemaining = size;
            state = State.PAYLOAD;
            if (size == 0) {
                listener.onMessageEnd();
                state = State.PAYLOAD_END;
                endRemaining = 2;
            }
        } else if (equalsIgnoreCase(length, "PING")) {
            listener.onPing();
        } else if (equalsIgnoreCase(length, "PONG")) {
            listener.onPong();
        } else if (startsWith(length, "INFO ")) {
            listener.onInfo(new String(line, 5, length - 5, StandardCharsets.UTF_8).trim());
        } else if (!equalsIgnoreCase(length, "+OK")) {
            listener.onProtocolError(new String(line, 0, length, StandardCharsets.UTF_8));
        }
    }

    /** The digits at the end of the line (the MSG byte count), or -1. */
    private int lastNumber(int length) {
        int end = length;
        while (end > 0 && line[end - 1] == ' ') {
            end--;
        }
        int start = end;
        while (start > 0 && line[start - 1] >= '0' && line[start - 1] <= '9') {
            start--;
        }
        if (start == end || end - start > 9 || start == 0 || line[start - 1] != ' ') {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            value = value * 10 + (line[i] - '0');
        }
        // MSG subject sid #bytes: at least three fields before the size
        int spaces = 0;
        for (int i = 0; i < start; i++) {
            if (line[i] == ' ' && (i == 0 || line[i - 1] != ' ')) {
                spaces++;
            }
        }
        return spaces >= 3 ? value : -1;
    }

    private boolean startsWith(int length, String verb) {
        if (length < verb.length()) {
            return false;
        }
        for (int i = 0; i < verb.length(); i++) {
            if (Character.toUpperCase((char) line[i]) != verb.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean equalsIgnoreCase(int length, String verb) {
        return length == verb.length() && startsWith(length, verb);
    }
}
