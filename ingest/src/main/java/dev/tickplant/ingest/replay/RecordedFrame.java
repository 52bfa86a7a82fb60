package dev.tickplant.ingest.replay;

import java.util.Base64;
import java.util.Objects;

/**
 * One thing a connector received from its venue, and its line in a recording file. A line is
 * {@code <recvEpochNanos><marker> TAB <text>}, where the text's backslashes, newlines and carriage returns are escaped
 * ({@code \\}, {@code \n}, {@code \r}) so that every entry is exactly one line and comes back byte for byte. The
 * marker after the timestamp says what the text is (see {@link Kind}); it sits on the timestamp rather than in the
 * text so that no frame content can be mistaken for it, and so that a plain text frame is still written as it always
 * was.
 */
public record RecordedFrame(long recvEpochNanos, Kind kind, String text) {

    /** What a recording line holds. */
    public enum Kind {
        /** A text frame; no marker. */
        TEXT(""),
        /**
         * A binary frame (HTX gzips every message), marker {@code b}; the text is the frame's bytes in base64, so a
         * replay sends exactly the bytes the venue sent and the connector's own decompression runs on them.
         */
        BINARY("b"),
        /**
         * A REST response the connector fetched alongside its stream (Binance's depth snapshot), marker {@code h};
         * the text is a {@link RecordedHttpResponse}. A replay answers the same request with it.
         */
        HTTP_RESPONSE("h");

        private final String marker;

        Kind(String marker) {
            this.marker = marker;
        }

        static Kind ofMarker(String marker) {
            for (Kind k : values()) {
                if (k.marker.equals(marker)) {
                    return k;
                }
            }
            return null;
        }
    }

    public RecordedFrame {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** A text frame. */
    public RecordedFrame(long recvEpochNanos, String text) {
        this(recvEpochNanos, Kind.TEXT, text);
    }

    /** A binary frame, kept byte for byte. */
    public static RecordedFrame binary(long recvEpochNanos, byte[] data) {
        return new RecordedFrame(recvEpochNanos, Kind.BINARY, Base64.getEncoder().encodeToString(data));
    }

    /** A REST response. */
    public static RecordedFrame httpResponse(long recvEpochNanos, RecordedHttpResponse response) {
        return new RecordedFrame(recvEpochNanos, Kind.HTTP_RESPONSE, response.toText());
    }

    /**
     * The bytes of a binary frame.
     *
     * @throws IllegalStateException when this is not a binary frame
     * @throws IllegalArgumentException when the text is not base64
     */
    public byte[] bytes() {
        if (kind != Kind.BINARY) {
            throw new IllegalStateException("not a binary frame: " + kind);
        }
        return Base64.getDecoder().decode(text);
    }

    /**
     * The REST response this line holds.
     *
     * @throws IllegalStateException when this is not a REST response
     * @throws IllegalArgumentException when the text is not a well-formed response
     */
    public RecordedHttpResponse httpResponse() {
        if (kind != Kind.HTTP_RESPONSE) {
            throw new IllegalStateException("not a REST response: " + kind);
        }
        return RecordedHttpResponse.parse(text);
    }

    /** The recording line, without the trailing newline. */
    public String toLine() {
        StringBuilder sb = new StringBuilder(text.length() + 24).append(recvEpochNanos).append(kind.marker)
                .append('\t');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Parses a recording line.
     *
     * @throws IllegalArgumentException for a line that is not {@code nanos[marker] TAB text}, has an unknown marker
     *     or a bad escape
     */
    public static RecordedFrame parse(String line) {
        int tab = line.indexOf('\t');
        if (tab <= 0) {
            throw new IllegalArgumentException("recording line without 'nanos<TAB>frame': " + abbreviate(line));
        }
        int digits = 0;
        while (digits < tab && (Character.isDigit(line.charAt(digits)) || (digits == 0 && line.charAt(0) == '-'))) {
            digits++;
        }
        Kind kind = Kind.ofMarker(line.substring(digits, tab));
        if (kind == null) {
            throw new IllegalArgumentException("unknown kind in recording line: " + abbreviate(line));
        }
        long nanos;
        try {
            nanos = Long.parseLong(line.substring(0, digits));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad timestamp in recording line: " + abbreviate(line), e);
        }
        StringBuilder text = new StringBuilder(line.length() - tab);
        for (int i = tab + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            if (++i == line.length()) {
                throw new IllegalArgumentException("dangling escape in recording line: " + abbreviate(line));
            }
            char e = line.charAt(i);
            switch (e) {
                case '\\' -> text.append('\\');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                default -> throw new IllegalArgumentException("bad escape \\" + e + " in recording line: "
                        + abbreviate(line));
            }
        }
        return new RecordedFrame(nanos, kind, text.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
