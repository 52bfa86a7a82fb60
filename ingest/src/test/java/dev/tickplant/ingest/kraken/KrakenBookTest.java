package dev.tickplant.ingest.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tickplant.ingest.kraken.KrakenFrames.Book;
import dev.tickplant.ingest.kraken.KrakenFrames.BookMessage;
import dev.tickplant.ingest.kraken.KrakenFrames.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

class KrakenBookTest {
    /** The worked example of Kraken's "Spot WebSocket v2 book checksum" guide, as the venue sends it. */
    static final String DOC_SNAPSHOT = "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\","
            + "\"bids\":["
            + "{\"price\":45283.5,\"qty\":0.10000000},{\"price\":45283.4,\"qty\":1.54582015},"
            + "{\"price\":45282.1,\"qty\":0.10000000},{\"price\":45281.0,\"qty\":0.10000000},"
            + "{\"price\":45280.3,\"qty\":1.54592586},{\"price\":45279.0,\"qty\":0.07990000},"
            + "{\"price\":45277.6,\"qty\":0.03310103},{\"price\":45277.5,\"qty\":0.30000000},"
            + "{\"price\":45277.3,\"qty\":1.54602737},{\"price\":45276.6,\"qty\":0.15445238}],"
            + "\"asks\":["
            + "{\"price\":45285.2,\"qty\":0.00100000},{\"price\":45286.4,\"qty\":1.54571953},"
            + "{\"price\":45286.6,\"qty\":1.54571109},{\"price\":45289.6,\"qty\":1.54560911},"
            + "{\"price\":45290.2,\"qty\":0.15890660},{\"price\":45291.8,\"qty\":1.54553491},"
            + "{\"price\":45294.7,\"qty\":0.04454749},{\"price\":45296.1,\"qty\":0.35380000},"
            + "{\"price\":45297.5,\"qty\":0.09945542},{\"price\":45299.5,\"qty\":0.18772827}],"
            + "\"checksum\":3310070434}]}";

    private static Book docBook() {
        KrakenFrameParser.Parsed p = new KrakenFrameParser().parse(DOC_SNAPSHOT);
        return ((BookMessage) ((KrakenFrameParser.Parsed.Ok) p).frame()).data().get(0);
    }

    @Test
    void shouldVerifyTheChecksumExampleFromKrakensDocumentation() {
        Book doc = docBook();
        KrakenBook book = new KrakenBook(10);
        book.replace(doc.bids(), doc.asks());
        assertEquals(3310070434L, doc.checksum());
        assertEquals(3310070434L, book.checksum());
    }

    @Test
    void shouldNotMatchWhenTheTextWentThroughADouble() {
        Book doc = docBook();
        KrakenBook viaDouble = new KrakenBook(10);
        viaDouble.replace(roundTrip(doc.bids()), roundTrip(doc.asks()));
        assertNotEquals(3310070434L, viaDouble.checksum());
    }

    private static List<Level> roundTrip(List<Level> levels) {
        return levels.stream().map(l -> new Level(Double.toString(Double.parseDouble(l.price())),
                Double.toString(Double.parseDouble(l.qty())))).toList();
    }

    @Test
    void shouldRemoveZeroQuantityLevelsAndTruncateToTheDepth() {
        KrakenBook book = new KrakenBook(10);
        Book doc = docBook();
        book.replace(doc.bids(), doc.asks());
        List<List<Level>> dropped = book.apply(
                List.of(new Level("45283.5", "0"), new Level("45283.6", "2.00000000")),
                List.of(new Level("45285.0", "0.50000000")));
        assertEquals(new Level("45283.6", "2.00000000"), book.bids().get(0));
        assertEquals(new Level("45283.4", "1.54582015"), book.bids().get(1));
        assertEquals(10, book.bids().size());
        assertEquals(List.of(), dropped.get(0));
        assertEquals(new Level("45285.0", "0.50000000"), book.asks().get(0));
        assertEquals(10, book.asks().size());
        assertEquals(List.of(new Level("45299.5", "0.18772827")), dropped.get(1));
    }

    @Test
    void shouldTreatEqualPricesWithDifferentTextAsOneLevel() {
        KrakenBook book = new KrakenBook(10);
        book.replace(List.of(new Level("45281.0", "1.0")), List.of());
        book.apply(List.of(new Level("45281", "0")), List.of());
        assertEquals(List.of(), book.bids());
    }
}
