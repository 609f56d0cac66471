package dev.strand.examples.binance.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeedScriptTest {

    private final FeedScript script = new FeedScript(10, 5);

    @Test
    void theBestAskIsASawtoothFalling1237MillsPerUpdate() {
        assertEquals(50_000_000, script.askMills(0));
        assertEquals(49_998_763, script.askMills(1));
        assertEquals(50_000_000 - 9 * 1_237, script.askMills(9));
        assertEquals(50_000_000, script.askMills(10));
        assertEquals(4_999_876, script.askCents(1));
    }

    @Test
    void aDepthUpdateHasTheCapturedShapeAndItsKnownNumbers() {
        String m = script.depthUpdate(3, 1_795_644_839_778L);
        assertTrue(m.startsWith("{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1795644839778,"
                + "\"T\":1795644839776,\"s\":\"BTCUSDT\",\"U\":7000000000007,\"u\":7000000000008,\"pu\":7000000000006,"
                + "\"b\":[[\"49996.189\",\"1.000\"],"), m);
        assertTrue(m.contains("\"a\":[[\"49996.289\",\"2.000\"],[\"49996.389\",\"2.013\"],"), m);
        assertTrue(m.endsWith("]]}}"), m);
        assertEquals(2 * FeedScript.levels(3), count(m, "[[\"") + count(m, "\"],[\""), "levels on both sides");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void messagesRangeFromHalfAKilobyteToUnderTheClientsBufferSoSomeNeedReassembly() {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (long i = 0; i < 50; i++) {
            int n = script.depthUpdate(i, 1_795_644_839_778L).length();
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        assertTrue(min > 400 && min < 1380, "smallest " + min);
        assertTrue(max > 2 * 1024 && max < 10 * 1024, "largest " + max);
    }

    @Test
    void aBookTickerFollowsEveryFifthUpdate() {
        assertFalse(script.tickerAfter(0));
        assertTrue(script.tickerAfter(4));
        assertTrue(script.tickerAfter(9));
        assertFalse(new FeedScript(10, 0).tickerAfter(4));
        assertEquals("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":7000000000010,"
                + "\"s\":\"BTCUSDT\","
                + "\"b\":\"49994.952\",\"B\":\"1.000\",\"a\":\"49995.052\",\"A\":\"2.000\",\"T\":5,\"E\":7}}",
                script.bookTicker(4, 7));
    }

    @Test
    void aWindowOfAWholeCycleHasTheSawtoothsEndsWhereverItStarts() {
        long sum = 0;
        for (int k = 0; k < 10; k++) {
            sum += script.askCents(k);
        }
        for (FeedScript.Window w : script.windows(10)) {
            assertEquals(script.askCents(9), w.minCents());
            assertEquals(5_000_000, w.maxCents());
            assertEquals(sum / 10, w.meanCents());
        }
    }

    @Test
    void aWindowCountsTheBytesOfItsUpdatesAndTheTickersAfterThem() {
        long e = 1_795_644_839_778L;
        FeedScript.Window w = script.window(3, 3);
        assertEquals(script.depthUpdate(3, e).length() + script.depthUpdate(4, e).length()
                + script.bookTicker(4, e).length() + script.depthUpdate(5, e).length(), w.bytes());
        assertEquals(script.askCents(5), w.minCents());
        assertEquals(script.askCents(3), w.maxCents());
        assertEquals((script.askCents(3) + script.askCents(4) + script.askCents(5)) / 3, w.meanCents());
    }

    @Test
    void thePeriodCoversPricesLevelsAndTickers() {
        assertEquals(50, script.period());
        assertEquals(150, new FeedScript(3, 5).period());
        assertEquals(50, script.windows(2).size());
        for (long i = 0; i < 10; i++) {
            assertEquals(script.window(i, 7), withStart(script.window(i + script.period(), 7), i));
        }
    }

    private static FeedScript.Window withStart(FeedScript.Window w, long start) {
        return new FeedScript.Window(start, w.updates(), w.minCents(), w.maxCents(), w.meanCents(), w.bytes());
    }

    @Test
    void theLongestMessageHasTheMostLevels() {
        assertEquals(script.depthUpdate(7, 1_795_644_839_778L).length(), script.longestMessage());
        assertEquals(59, FeedScript.levels(7));
    }

    @Test
    void aReportIsExplainedOnlyByARunWithItsPricesAndAboutItsBytes() {
        FeedScript.Window w = script.window(13, 10);
        long kib = w.bytes() / 1024;
        assertTrue(script.explain(10, w.minCents(), w.maxCents(), w.meanCents(), kib).isPresent());
        assertTrue(script.explain(10, w.minCents(), w.maxCents(), w.meanCents() + 1, kib).isEmpty(), "a mean off by a cent");
        assertTrue(script.explain(10, w.minCents() - 1, w.maxCents(), w.meanCents(), kib).isEmpty(), "a min off by a cent");
        assertTrue(script.explain(10, w.minCents(), w.maxCents(), w.meanCents(), kib + 20).isEmpty(), "20 KiB too many");
        assertTrue(script.explain(9, w.minCents(), w.maxCents(), w.meanCents(), kib).isEmpty(), "one update fewer");
    }
}
