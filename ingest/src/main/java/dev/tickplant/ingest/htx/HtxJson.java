package dev.tickplant.ingest.htx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON tree reader that keeps every number as the exact text the venue sent. HTX sends prices and sizes
 * as JSON numbers and trade ids beyond a long ({@code 137005445109359286410323766}), so a number must never pass
 * through {@code double} or {@code long}. Objects become {@code Map<String, Object>}, arrays {@code List<Object>},
 * numbers {@link Num}, strings {@code String}, booleans {@code Boolean}, null {@code null}.
 *
 * <p>Stateless and thread-safe.
 */
final class HtxJson {
    /** A JSON number as its literal text. */
    record Num(String text) {}

    private static final JsonFactory FACTORY = new JsonFactory();

    private HtxJson() {}

    /**
     * Parses one JSON document.
     *
     * @throws IllegalArgumentException when the text is not one well-formed JSON value
     */
    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("empty document");
            }
            Object value = read(p, first);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    private static Object read(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(read(p, t));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected token " + token);
        }
    }
}
