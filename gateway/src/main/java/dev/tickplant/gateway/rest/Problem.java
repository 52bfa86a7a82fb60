package dev.tickplant.gateway.rest;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * An RFC 9457 problem-details response ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} (the request URI), plus {@code suggestions} (canonical symbols
 * the client may have meant) for unknown symbols. The {@code type} URIs are stable identifiers, listed in
 * {@code api/openapi.json}; they are URNs, so clients must not try to dereference them.
 *
 * @param kind the problem type, which fixes {@code type}, {@code title} and {@code status}
 * @param detail what was wrong with this request, for humans
 * @param suggestions extra member {@code suggestions}; omitted when null
 */
record Problem(Kind kind, String detail, List<String> suggestions) {
    static final String CONTENT_TYPE = "application/problem+json";

    /** Every problem type the API returns. */
    enum Kind {
        UNAUTHORIZED("unauthorized", "Missing or invalid API key", 401),
        NOT_ENTITLED("not-entitled", "API key not entitled to this market data", 403),
        /** The key's {@code maxMessagesPerSecond}; the response carries {@code Retry-After} (whole seconds). */
        RATE_LIMITED("rate-limited", "Rate limit exceeded", 429),
        INVALID_PARAMETER("invalid-parameter", "Invalid request parameter", 400),
        UNKNOWN_SYMBOL("unknown-symbol", "Unknown symbol", 404),
        NO_DATA("no-data", "No market data yet", 404),
        NOT_FOUND("not-found", "Not found", 404),
        METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
        UNAVAILABLE("unavailable", "Market data temporarily unavailable", 503),
        UPSTREAM_ERROR("upstream-error", "Market data service failed", 502),
        INTERNAL("internal", "Internal server error", 500);

        private final String slug;
        private final String title;
        private final int status;

        Kind(String slug, String title, int status) {
            this.slug = slug;
            this.title = title;
            this.status = status;
        }

        /** The {@code type} member: {@code urn:tickplant:problem:<slug>}. */
        String type() {
            return "urn:tickplant:problem:" + slug;
        }

        String title() {
            return title;
        }

        int status() {
            return status;
        }
    }

    Problem {
        suggestions = suggestions == null ? null : List.copyOf(suggestions);
    }

    Problem(Kind kind, String detail) {
        this(kind, detail, null);
    }

    /** The JSON body for a request to {@code instance}. */
    String toJson(String instance) {
        JsonText w = new JsonText().beginObject()
                .field("type", kind.type())
                .field("title", kind.title())
                .field("status", kind.status())
                .field("detail", detail)
                .field("instance", instance);
        if (suggestions != null) {
            w.name("suggestions").beginArray();
            suggestions.forEach(w::value);
            w.endArray();
        }
        return w.endObject().toString();
    }

    /** Ends {@code response} with this problem. */
    Future<Void> send(HttpServerResponse response, String instance) {
        response.setStatusCode(kind.status()).putHeader("content-type", CONTENT_TYPE);
        if (kind == Kind.UNAUTHORIZED) {
            response.putHeader("www-authenticate", "Bearer realm=\"tickplant\"");
        } else if (kind == Kind.UNAVAILABLE) {
            response.putHeader("retry-after", "1");
        } else if (kind == Kind.METHOD_NOT_ALLOWED) {
            response.putHeader("allow", "GET");
        }
        return response.end(toJson(instance));
    }
}
