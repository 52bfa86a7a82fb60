package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.Channel;
import dev.tickplant.common.testsupport.TestInstruments;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {
    private final Subscriptions subs = new Subscriptions(TestInstruments.defaultRegistry(), 5);

    @Test
    void shouldSubscribeKnownSymbolsUnderTheClientSpelling() {
        Subscriptions.Outcome o = subs.subscribe(List.of("AAPL", "00001.HK", "xauusd"), null);
        assertEquals(List.of(
                new Subscriptions.Entry("AAPL", "AAPL.US", "AAPL.US"),
                new Subscriptions.Entry("00001.HK", "1.HK", "1.HK"),
                new Subscriptions.Entry("xauusd", "XAUUSD", "XAUUSD")), o.applied());
        assertTrue(o.rejected().isEmpty());
        assertEquals(List.of("AAPL", "00001.HK", "xauusd"), subs.spellings());
        assertEquals(3, subs.size());
    }

    @Test
    void shouldSubscribeKnownAndReportUnknownWithSuggestions() {
        Subscriptions.Outcome o = subs.subscribe(List.of("EURUSD", "EURUDS"), null);
        assertEquals(1, o.applied().size());
        Subscriptions.Rejection r = o.rejected().get(0);
        assertEquals(ErrorCode.UNKNOWN_SYMBOL, r.code());
        assertEquals("EURUDS", r.spelling());
        assertTrue(r.suggestions().contains("EURUSD"), r.suggestions().toString());
        assertTrue(r.message().contains("EURUDS"), r.message());
    }

    @Test
    void shouldRejectSecondSubscriptionOfTheSameInstrumentWhateverTheSpelling() {
        subs.subscribe(List.of("AAPL"), null);
        Subscriptions.Outcome o = subs.subscribe(List.of("AAPL.US", "AAPL"), null);
        assertTrue(o.applied().isEmpty());
        assertEquals(2, o.rejected().size());
        o.rejected().forEach(r -> assertEquals(ErrorCode.ALREADY_SUBSCRIBED, r.code()));
        assertEquals(1, subs.size());
    }

    @Test
    void shouldRejectDuplicatesWithinOneBatch() {
        Subscriptions.Outcome o = subs.subscribe(List.of("EURUSD", "EURUSD"), null);
        assertEquals(1, o.applied().size());
        assertEquals(ErrorCode.ALREADY_SUBSCRIBED, o.rejected().get(0).code());
    }

    @Test
    void shouldEnforceTheLimit() {
        Subscriptions.Outcome o = subs.subscribe(
                List.of("EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCHF", "USDCAD"), null);
        assertEquals(5, o.applied().size());
        assertEquals(ErrorCode.SUBSCRIPTION_LIMIT, o.rejected().get(0).code());
        assertEquals("USDCAD", o.rejected().get(0).spelling());
    }

    @Test
    void shouldUnsubscribeByAnySpellingAndReportNotSubscribed() {
        subs.subscribe(List.of("00700.HK", "EURUSD"), null);
        Subscriptions.Outcome o = subs.unsubscribe(List.of("700.HK", "GBPUSD", "NOPE"), null);
        assertEquals(List.of(new Subscriptions.Entry("00700.HK", "700.HK", "700.HK")), o.applied());
        assertEquals(ErrorCode.NOT_SUBSCRIBED, o.rejected().get(0).code());
        assertEquals(ErrorCode.UNKNOWN_SYMBOL, o.rejected().get(1).code());
        assertEquals(List.of("EURUSD"), subs.spellings());
    }

    @Test
    void shouldQualifyByExchangeField() {
        Subscriptions.Outcome o = subs.subscribe(List.of("EURUSD"), "alltick");
        assertEquals("EURUSD@alltick", o.applied().get(0).key());
        assertEquals("EURUSD", o.applied().get(0).spelling());
        assertEquals("EURUSD", o.applied().get(0).canonicalSymbol());
        assertFalse(subs.contains("EURUSD"));
        Subscriptions.Outcome unknownVenue = subs.subscribe(List.of("GBPUSD"), "nowhere");
        assertEquals(ErrorCode.UNKNOWN_SYMBOL, unknownVenue.rejected().get(0).code());
    }

    @Test
    void shouldClearEverything() {
        subs.subscribe(List.of("EURUSD", "GBPUSD"), null);
        assertEquals(2, subs.clear().size());
        assertEquals(0, subs.size());
    }

    @Test
    void shouldCountEachChannelOfASymbolAsOneSubscription() {
        subs.subscribe(List.of("BTCUSDT"), null);
        Subscriptions.Outcome depth = subs.subscribe(List.of("BTC/USDT"), null, Channel.DEPTH, 5);
        assertEquals(List.of(new Subscriptions.Entry("BTC/USDT", "BTCUSDT", "BTCUSDT", Channel.DEPTH, 5)),
                depth.applied());
        assertEquals(ErrorCode.ALREADY_SUBSCRIBED, subs.subscribe(List.of("btcusdt"), null, Channel.DEPTH, 5)
                .rejected().get(0).code());
        subs.subscribe(List.of("BTCUSDT"), null, Channel.TRADE, 0);
        assertEquals(3, subs.size());
        assertEquals(List.of("BTCUSDT", "BTC/USDT"), subs.spellings());

        Subscriptions.Outcome trade = subs.unsubscribe(List.of("BTCUSDT"), null, List.of(Channel.TRADE));
        assertEquals(1, trade.applied().size());
        assertEquals(ErrorCode.NOT_SUBSCRIBED, subs.unsubscribe(List.of("BTCUSDT"), null, List.of(Channel.STATUS))
                .rejected().get(0).code());
        assertEquals(2, subs.unsubscribe(List.of("BTCUSDT"), null).applied().size(), "no channel: all of them");
        assertEquals(0, subs.size());
    }
}
