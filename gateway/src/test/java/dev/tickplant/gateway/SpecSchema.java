package dev.tickplant.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a parsed JSON value against a JSON Schema of the AsyncAPI document, for the keywords that document uses
 * ({@code $ref type const enum required properties additionalProperties items prefixItems minItems maxItems minimum
 * maximum}; annotations are ignored). Stricter than JSON Schema in one way, on purpose: an object property the schema
 * does not declare is an error unless the schema allows additional properties, so a field the gateway starts to
 * send cannot stay out of the spec. A schema keyword outside that list is an error too, so the spec cannot use a
 * construct this check would silently skip.
 */
final class SpecSchema {
    private static final Set<String> ANNOTATIONS = Set.of("description", "format", "default", "examples", "title");
    private static final Set<String> KEYWORDS = Set.of("$ref", "type", "const", "enum", "required", "properties",
            "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "minimum", "maximum");

    private final JsonObject document;

    SpecSchema(JsonObject document) {
        this.document = document;
    }

    /** The problems of {@code value} against {@code schema}, each naming its JSON path; empty when it conforms. */
    List<String> check(Object value, JsonObject schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    private void check(Object value, JsonObject schema, String path, List<String> problems) {
        for (String key : schema.fieldNames()) {
            if (!KEYWORDS.contains(key) && !ANNOTATIONS.contains(key)) {
                problems.add(path + ": schema keyword '" + key + "' is not checked by this contract test");
            }
        }
        if (schema.containsKey("$ref")) {
            check(value, resolve(schema.getString("$ref")), path, problems);
            return;
        }
        Object type = schema.getValue("type");
        if (type != null && !typeMatches(value, type)) {
            problems.add(path + ": " + describe(value) + " is not of type " + type);
            return;
        }
        if (schema.containsKey("const") && !Objects.equals(normalize(schema.getValue("const")), normalize(value))) {
            problems.add(path + ": " + value + " is not the constant " + schema.getValue("const"));
        }
        if (schema.containsKey("enum") && !schema.getJsonArray("enum").stream().map(SpecSchema::normalize)
                .toList().contains(normalize(value))) {
            problems.add(path + ": " + value + " is not one of " + schema.getJsonArray("enum"));
        }
        if (value instanceof Number n) {
            if (schema.containsKey("minimum") && n.doubleValue() < schema.getDouble("minimum")) {
                problems.add(path + ": " + n + " is below the minimum " + schema.getValue("minimum"));
            }
            if (schema.containsKey("maximum") && n.doubleValue() > schema.getDouble("maximum")) {
                problems.add(path + ": " + n + " is above the maximum " + schema.getValue("maximum"));
            }
        }
        if (value instanceof JsonObject object) {
            checkObject(object, schema, path, problems);
        }
        if (value instanceof JsonArray array) {
            checkArray(array, schema, path, problems);
        }
    }

    private void checkObject(JsonObject object, JsonObject schema, String path, List<String> problems) {
        JsonArray required = schema.getJsonArray("required", new JsonArray());
        for (Object name : required) {
            if (!object.containsKey((String) name)) {
                problems.add(path + ": required property '" + name + "' is missing");
            }
        }
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        Object additional = schema.getValue("additionalProperties");
        for (String name : object.fieldNames()) {
            Object value = object.getValue(name);
            if (properties.containsKey(name)) {
                check(value, properties.getJsonObject(name), path + "." + name, problems);
            } else if (additional instanceof JsonObject additionalSchema) {
                check(value, additionalSchema, path + "." + name, problems);
            } else if (!Boolean.TRUE.equals(additional)) {
                problems.add(path + ": property '" + name + "' is not declared in the spec");
            }
        }
    }

    private void checkArray(JsonArray array, JsonObject schema, String path, List<String> problems) {
        if (schema.containsKey("minItems") && array.size() < schema.getInteger("minItems")) {
            problems.add(path + ": fewer than " + schema.getInteger("minItems") + " items");
        }
        if (schema.containsKey("maxItems") && array.size() > schema.getInteger("maxItems")) {
            problems.add(path + ": more than " + schema.getInteger("maxItems") + " items");
        }
        JsonArray prefix = schema.getJsonArray("prefixItems", new JsonArray());
        for (int i = 0; i < array.size(); i++) {
            if (i < prefix.size()) {
                check(array.getValue(i), prefix.getJsonObject(i), path + "[" + i + "]", problems);
            } else if (schema.containsKey("items")) {
                check(array.getValue(i), schema.getJsonObject("items"), path + "[" + i + "]", problems);
            }
        }
    }

    private JsonObject resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are supported: " + ref);
        }
        Object node = document;
        for (String part : ref.substring(2).split("/")) {
            node = ((JsonObject) node).getValue(part);
            if (node == null) {
                throw new IllegalArgumentException("unresolved reference " + ref);
            }
        }
        return (JsonObject) node;
    }

    private static boolean typeMatches(Object value, Object type) {
        if (type instanceof JsonArray any) {
            return any.stream().anyMatch(t -> typeMatches(value, t));
        }
        return switch ((String) type) {
            case "null" -> value == null;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof JsonObject;
            case "array" -> value instanceof JsonArray;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Integer || value instanceof Long
                    || value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
            default -> throw new IllegalArgumentException("unknown JSON Schema type " + type);
        };
    }

    /** Numbers compared by value, whatever Java type the parser chose. */
    private static Object normalize(Object v) {
        return v instanceof Number n ? (Object) n.doubleValue() : v;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
