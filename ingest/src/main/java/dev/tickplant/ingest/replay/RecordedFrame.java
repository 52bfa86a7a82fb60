package dev.tickplant.ingest.replay;

import java.util.Objects;

/**
 * One raw venue frame as a connector received it, and its line in a recording file: {@code <recvEpochNanos> TAB
 * <frame>}, where the frame's backslashes, newlines and carriage returns are escaped ({@code \\}, {@code \n},
 * {@code \r}) so that every frame is exactly one line and comes back byte for byte.
 */
public record RecordedFrame(long recvEpochNanos, String text) {
    public RecordedFrame {
        Objects.requireNonNull(text, "text");
    }

    /** The recording line, without the trailing newline. */
    public String toLine() {
        StringBuilder sb = new StringBuilder(text.length() + 24).append(recvEpochNanos).append('\t');
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
     * @throws IllegalArgumentException for a line that is not {@code nanos TAB frame} or has a bad escape
     */
    public static RecordedFrame parse(String line) {
        int tab = line.indexOf('\t');
        if (tab <= 0) {
            throw new IllegalArgumentException("recording line without 'nanos<TAB>frame': " + abbreviate(line));
        }
        long nanos;
        try {
            nanos = Long.parseLong(line.substring(0, tab));
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
        return new RecordedFrame(nanos, text.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
