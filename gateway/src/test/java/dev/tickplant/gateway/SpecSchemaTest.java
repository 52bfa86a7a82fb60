package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecSchemaTest {
    private static final JsonObject DOC = new JsonObject("""
            {"components": {"schemas": {
              "decimal": {"type": "number"},
              "level": {"type": "array", "prefixItems": [{"$ref": "#/components/schemas/decimal"},
                  {"$ref": "#/components/schemas/decimal"}], "minItems": 2, "maxItems": 2},
              "tick": {"type": "object", "required": ["type", "bid"], "properties": {
                "type": {"const": "tick"}, "bid": {"type": ["number", "null"]}, "seq": {"type": "integer"},
                "side": {"enum": ["buy", "sell"]}, "conflated": {"type": "integer", "minimum": 1},
                "bids": {"type": "array", "items": {"$ref": "#/components/schemas/level"}},
                "venues": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/decimal"}}}},
              "odd": {"type": "object", "oneOf": []}}}}
            """);
    private static final SpecSchema SCHEMAS = new SpecSchema(DOC);

    private static List<String> check(String json) {
        return SCHEMAS.check(new JsonObject(json), new JsonObject().put("$ref", "#/components/schemas/tick"));
    }

    @Test
    void shouldAcceptAConformingMessage() {
        assertEquals(List.of(), check("""
                {"type":"tick","bid":1.5,"seq":7,"side":"buy","conflated":2,"bids":[[1.5,2]],"venues":{"okx":0.5}}
                """));
        assertEquals(List.of(), check("{\"type\":\"tick\",\"bid\":null}"));
    }

    @Test
    void shouldReportEachWayAMessageCanDriftFromTheSpec() {
        assertTrue(check("{\"type\":\"tick\"}").get(0).contains("required property 'bid'"));
        assertTrue(check("{\"type\":\"tick\",\"bid\":\"1.5\"}").get(0).contains("not of type"));
        assertTrue(check("{\"type\":\"quote\",\"bid\":1}").get(0).contains("not the constant"));
        assertTrue(check("{\"type\":\"tick\",\"bid\":1,\"side\":\"up\"}").get(0).contains("not one of"));
        assertTrue(check("{\"type\":\"tick\",\"bid\":1,\"seq\":1.5}").get(0).contains("not of type"));
        assertTrue(check("{\"type\":\"tick\",\"bid\":1,\"conflated\":0}").get(0).contains("below the minimum"));
        assertTrue(check("{\"type\":\"tick\",\"bid\":1,\"mid\":1}").get(0).contains("'mid' is not declared"));
        assertTrue(check("{\"type\":\"tick\",\"bid\":1,\"bids\":[[1]]}").get(0).contains("fewer than 2"));
        assertTrue(check("{\"type\":\"tick\",\"bid\":1,\"bids\":[[1,\"x\"]]}").get(0).contains("$.bids[0][1]"));
        assertTrue(check("{\"type\":\"tick\",\"bid\":1,\"venues\":{\"okx\":\"big\"}}").get(0)
                .contains("$.venues.okx"));
    }

    @Test
    void shouldRefuseSchemaKeywordsItDoesNotCheck() {
        List<String> problems = SCHEMAS.check(new JsonObject(),
                new JsonObject().put("$ref", "#/components/schemas/odd"));
        assertTrue(problems.get(0).contains("'oneOf' is not checked"), problems.toString());
    }
}
