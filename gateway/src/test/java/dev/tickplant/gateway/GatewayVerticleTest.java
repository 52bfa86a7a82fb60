package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GatewayVerticleTest {

    @Test
    void shouldReadTokenFromQuery() {
        assertEquals("demo", GatewayVerticle.queryParam("token=demo", "token"));
        assertEquals("a b+", GatewayVerticle.queryParam("x=1&token=a%20b%2B", "token"));
        assertEquals("", GatewayVerticle.queryParam("token", "token"));
        assertNull(GatewayVerticle.queryParam("tokens=1", "token"));
        assertNull(GatewayVerticle.queryParam(null, "token"));
        assertEquals("%zz", GatewayVerticle.queryParam("token=%zz", "token"));
    }

    @Test
    void shouldAcceptRootAndWsPathsOnly() {
        assertTrue(GatewayVerticle.isWebSocketPath("/"));
        assertTrue(GatewayVerticle.isWebSocketPath("/ws"));
        assertTrue(GatewayVerticle.isWebSocketPath("/ws/"));
        assertFalse(GatewayVerticle.isWebSocketPath("/quote-b-ws-api"));
        assertFalse(GatewayVerticle.isWebSocketPath("/wsx"));
    }
}
