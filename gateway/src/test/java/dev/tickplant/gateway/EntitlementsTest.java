package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntitlementsTest {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();

    @Test
    void shouldEntitleAssetClassesOrListedSymbols() {
        Entitlements e = new Entitlements(Set.of(AssetClass.FX), Set.of("AAPL.US"), 0, 0, 0);
        assertTrue(e.entitles(REGISTRY.bySymbol("EURUSD")));
        assertTrue(e.entitles(REGISTRY.bySymbol("AAPL.US")));
        assertFalse(e.entitles(REGISTRY.bySymbol("MSFT.US")));
        assertFalse(e.entitles(REGISTRY.bySymbol("BTCUSDT")));
        assertTrue(Entitlements.UNRESTRICTED.entitles(REGISTRY.bySymbol("BTCUSDT")));
        assertEquals(List.of("us_stock", "hk_stock", "fx", "metal", "crypto"),
                Entitlements.UNRESTRICTED.assetClassNames());
    }

    @Test
    void shouldRoundTripJsonForm() {
        JsonObject json = new JsonObject().put("assetClasses", new JsonArray().add("fx").add("metal"))
                .put("symbols", new JsonArray().add("AAPL.US")).put("maxConnections", 2).put("maxSubscriptions", 50)
                .put("maxMessagesPerSecond", 10);
        Entitlements e = Entitlements.fromJson(json, "test");
        assertEquals(new Entitlements(Set.of(AssetClass.FX, AssetClass.METAL), Set.of("AAPL.US"), 2, 50, 10), e);
        assertEquals(e, Entitlements.fromJson(e.toJson(), "again"));
    }

    @Test
    void shouldRejectInvalidJson() {
        assertThrows(IllegalArgumentException.class,
                () -> Entitlements.fromJson(new JsonObject().put("assetClasses", new JsonArray().add("bonds")), "t"));
        assertThrows(IllegalArgumentException.class,
                () -> Entitlements.fromJson(new JsonObject().put("maxConnections", -1), "t"));
        assertThrows(IllegalArgumentException.class,
                () -> Entitlements.fromJson(new JsonObject().put("maxSubscriptions", "5"), "t"));
        assertThrows(IllegalArgumentException.class,
                () -> Entitlements.fromJson(new JsonObject().put("symbols", "EURUSD"), "t"));
    }

    @Test
    void shouldRefuseNonEntitledSymbolsAndApplyKeyLimitInSubscriptions() {
        Subscriptions subs = new Subscriptions(REGISTRY, 100);
        subs.restrict(new ApiKey("fx-desk", new Entitlements(Set.of(AssetClass.FX), Set.of(), 0, 2, 0)));
        Subscriptions.Outcome o = subs.subscribe(List.of("EURUSD", "AAPL", "GBPUSD", "USDJPY"), null);
        assertEquals(List.of("EURUSD", "GBPUSD"), o.applied().stream().map(Subscriptions.Entry::spelling).toList());
        assertEquals(List.of(ErrorCode.NOT_ENTITLED, ErrorCode.SUBSCRIPTION_LIMIT),
                o.rejected().stream().map(Subscriptions.Rejection::code).toList());
        assertTrue(o.rejected().get(0).message().contains("fx-desk"), o.rejected().get(0).message());
        assertTrue(o.rejected().get(1).message().contains("maxSubscriptions"), o.rejected().get(1).message());
        assertEquals(2, subs.limit());
    }

    @Test
    void shouldAllowBurstThenRefillAtRate() {
        TokenBucket bucket = new TokenBucket(3, 0);
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertFalse(bucket.tryTake(0));
        assertFalse(bucket.tryTake(300_000_000L)); // 0.9 tokens
        assertTrue(bucket.tryTake(334_000_000L)); // 1.002 tokens
        assertFalse(bucket.tryTake(334_000_000L));
        long later = 10_000_000_000L; // a long idle period refills to the burst size, not beyond
        assertTrue(bucket.tryTake(later));
        assertTrue(bucket.tryTake(later));
        assertTrue(bucket.tryTake(later));
        assertFalse(bucket.tryTake(later));
    }

    @Test
    void shouldTellWhenTheNextTokenComes() {
        TokenBucket bucket = new TokenBucket(4, 0);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, bucket.nanosUntilToken(0));
            assertTrue(bucket.tryTake(0));
        }
        assertEquals(250_000_000L, bucket.nanosUntilToken(0));
        assertEquals(150_000_000L, bucket.nanosUntilToken(100_000_000L));
        assertFalse(bucket.tryTake(100_000_000L));
        assertTrue(bucket.tryTake(250_000_000L));
        assertFalse(bucket.fullAt(250_000_000L));
        assertTrue(bucket.fullAt(1_250_000_000L));
    }

    @Test
    void shouldMeterRequestsPerKeyAndDropIdleBuckets() {
        long[] now = {0};
        KeyRateLimits limits = new KeyRateLimits(() -> now[0]);
        ApiKey two = new ApiKey("two", new Entitlements(Set.of(), Set.of(), 0, 0, 2));
        ApiKey other = new ApiKey("other", new Entitlements(Set.of(), Set.of(), 0, 0, 2));
        ApiKey unmetered = new ApiKey("free", Entitlements.UNRESTRICTED);
        assertEquals(0, limits.tryAcquire(two));
        assertEquals(0, limits.tryAcquire(two));
        assertEquals(500_000_000L, limits.tryAcquire(two));
        assertEquals(0, limits.tryAcquire(other), "each key has its own bucket");
        for (int i = 0; i < 100; i++) {
            assertEquals(0, limits.tryAcquire(unmetered));
        }
        now[0] = 200_000_000L;
        assertEquals(300_000_000L, limits.tryAcquire(two));
        assertEquals(2, limits.size());
        now[0] = 20_000_000_000L; // long idle: both buckets full, dropped at the next sweep
        assertEquals(0, limits.tryAcquire(two));
        assertEquals(1, limits.size());
    }

    @Test
    void shouldCountConnectionsPerKey() {
        KeyConnections c = new KeyConnections();
        ApiKey two = new ApiKey("k", new Entitlements(Set.of(), Set.of(), 2, 0, 0));
        assertTrue(c.tryAcquire(two));
        assertTrue(c.tryAcquire(two));
        assertFalse(c.hasRoom(two));
        assertFalse(c.tryAcquire(two));
        assertEquals(2, c.count("k"));
        c.release(two);
        assertTrue(c.tryAcquire(two));
        ApiKey unlimited = new ApiKey("u", Entitlements.UNRESTRICTED);
        for (int i = 0; i < 100; i++) {
            assertTrue(c.tryAcquire(unlimited));
        }
    }
}
