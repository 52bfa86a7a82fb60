package dev.tickplant.ingest.replay;

import java.util.Objects;

/**
 * A REST response a connector received, with the request it answered, as kept in a recording: the text
 * {@code <method> SP <target> SP <status> LF <body>}, where the target is the request's path and query
 * ({@code /api/v3/depth?symbol=BTCUSDT&limit=100}) without scheme and host, so that a replay server on any address
 * can answer it.
 */
public record RecordedHttpResponse(String method, String target, int status, String body) {
    public RecordedHttpResponse {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        if (method.isEmpty() || method.indexOf(' ') >= 0 || target.isEmpty() || target.indexOf(' ') >= 0
                || target.indexOf('\n') >= 0 || !target.startsWith("/")) {
            throw new IllegalArgumentException("bad request line: " + method + " " + target);
        }
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("bad HTTP status: " + status);
        }
    }

    /** What a replay server matches a request on: {@code METHOD target}. */
    public String requestKey() {
        return requestKey(method, target);
    }

    /** The key of a request as {@link #requestKey()} spells it. */
    public static String requestKey(String method, String target) {
        return method + " " + target;
    }

    /** The text stored in a recording line. */
    public String toText() {
        return method + " " + target + " " + status + "\n" + body;
    }

    /**
     * Parses {@link #toText()}'s output.
     *
     * @throws IllegalArgumentException when the text is not {@code method SP target SP status LF body}
     */
    public static RecordedHttpResponse parse(String text) {
        int lf = text.indexOf('\n');
        String head = lf < 0 ? text : text.substring(0, lf);
        String[] parts = head.split(" ", -1);
        if (lf < 0 || parts.length != 3) {
            throw new IllegalArgumentException("REST response without 'method target status' line: "
                    + (head.length() <= 80 ? head : head.substring(0, 80) + "..."));
        }
        int status;
        try {
            status = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad HTTP status in recording: " + parts[2], e);
        }
        return new RecordedHttpResponse(parts[0], parts[1], status, text.substring(lf + 1));
    }
}
