package dev.strand.examples.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.examples.binance.feed.FeedScript;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The client reads what the demo's local feed sends as the feed means it. */
class FeedMessagesTest {

    private final FeedScript script = new FeedScript(10, 5);
    private final DepthScanner scanner = new DepthScanner();

    private Optional<DepthUpdate> scan(String message) throws MalformedMessageException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        return scanner.scan(b, 0, b.length);
    }

    @Test
    void everyScriptedDepthUpdateReadsBackAsItsAskAndTime() throws Exception {
        for (long i = 0; i < 200; i++) {
            DepthUpdate u = scan(script.depthUpdate(i, 1_795_644_839_000L + i)).orElseThrow();
            assertEquals(OptionalLong.of(script.askCents(i)), u.bestAskCents(), "update " + i);
            assertEquals(1_795_644_839_000L + i, u.eventTimeMillis());
        }
    }

    @Test
    void theScriptedBookTickerIsIgnored() throws Exception {
        assertEquals(Optional.empty(), scan(script.bookTicker(4, 1)));
    }

    @Test
    void everyScriptedMessageFitsTheClientsBuffer() {
        for (long i = 0; i < 50; i++) {
            assertTrue(script.depthUpdate(i, 1_795_644_839_000L).length() <= BinanceClient.MESSAGE_CAPACITY);
        }
    }
}
