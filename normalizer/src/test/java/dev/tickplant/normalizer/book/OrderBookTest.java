package dev.tickplant.normalizer.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.BookLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderBookTest {
    private final OrderBook book = new OrderBook();

    @Test
    void shouldKeepLevelsSortedBestFirstAndRemoveZeroSizes() {
        book.replace(List.of(new BookLevel(99, 1), new BookLevel(100, 2)), List.of(new BookLevel(102, 3),
                new BookLevel(101, 4)));
        book.apply(List.of(new BookLevel(100, 0), new BookLevel(98, 5)), List.of(new BookLevel(101, 6)));
        assertEquals(List.of(new BookLevel(99, 1), new BookLevel(98, 5)), book.bids(10));
        assertEquals(List.of(new BookLevel(101, 6), new BookLevel(102, 3)), book.asks(10));
        assertEquals(List.of(new BookLevel(101, 6)), book.asks(1));
        assertNull(book.violation());
    }

    @Test
    void shouldReportCrossedAndZeroSizedBooks() {
        book.replace(List.of(new BookLevel(101, 1)), List.of(new BookLevel(101, 1)));
        assertTrue(book.violation().contains("crossed"), book.violation());
        book.replace(List.of(new BookLevel(100, 0)), List.of(new BookLevel(101, 1)));
        assertTrue(book.violation().contains("size 0"), book.violation());
        book.clear();
        assertNull(book.violation());
        assertEquals(0, book.bestBid());
        assertEquals(0, book.bestAsk());
    }
}
