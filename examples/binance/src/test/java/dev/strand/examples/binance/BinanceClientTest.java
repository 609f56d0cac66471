package dev.strand.examples.binance;

import static dev.strand.api.ss.PayloadFlags.EOM;
import static dev.strand.api.ss.PayloadFlags.SOM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Loop;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.core.net.loop.ManualLoop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BinanceClientTest {

    private final ManualLoop loop = new ManualLoop();
    private final LoopStream stream = new LoopStream(loop);
    private final List<SecondReport> reports = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<StreamState> states = new ArrayList<>();
    private final BinanceClient.Output output = new BinanceClient.Output() {
        @Override
        public void report(SecondReport report) {
            reports.add(report);
        }

        @Override
        public void state(StreamState state, long ack) {
            states.add(state);
        }

        @Override
        public void skipped(String why) {
            skipped.add(why);
        }
    };
    private final Random random = new Random(42);

    /** A depthUpdate of the capture's shape, sent {@code latencyMs} before now on the loop's clock. */
    private String depth(String bestAsk, long latencyMs) {
        long e = loop.currentTimeMicros() / 1000 - latencyMs;
        return "{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + e + ",\"T\":" + e
                + ",\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"pu\":0,\"b\":[[\"49999.90\",\"1.000\"]],"
                + "\"a\":[[\"" + bestAsk + "\",\"2.000\"],[\"60000.00\",\"1.000\"]]}}";
    }

    /** Delivers {@code message} as pieces split at random points, as a proxy might. */
    private void deliver(BinanceClient client, String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        do {
            int n = Math.min(b.length - at, 1 + random.nextInt(b.length));
            int flags = (at == 0 ? SOM : 0) | (at + n == b.length ? EOM : 0);
            assertEquals(StreamResult.OK, client.onRx(stream, ByteBuffer.wrap(b, at, n), flags));
            at += n;
        } while (at < b.length);
    }

    private BinanceClient connected() {
        BinanceClient client = new BinanceClient(output);
        client.onState(stream, StreamState.CREATING, 0);
        client.onState(stream, StreamState.CONNECTING, 0);
        client.onState(stream, StreamState.CONNECTED, 0);
        return client;
    }

    @Test
    void eachSecondReportsTheBestAskRangeLatencyRangeAndRates() {
        BinanceClient client = connected();
        long bytes = 0;
        String[] asks = {"50000.00", "49999.27", "49998.529", "50001.10"};
        long[] latencies = {3, 1, 7, 5};
        for (int i = 0; i < asks.length; i++) {
            String m = depth(asks[i], latencies[i]);
            bytes += m.length();
            deliver(client, m);
            loop.advanceMillis(100);
        }
        String ticker = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"E\":1,\"a\":\"1.00\"}}";
        deliver(client, ticker);
        bytes += ticker.length();
        loop.advanceMillis(600);

        assertEquals(1, reports.size());
        SecondReport r = reports.get(0);
        assertEquals(1, r.second());
        assertEquals(1000, r.windowMillis());
        assertEquals(4, r.prices());
        assertEquals(4_999_852, r.priceMin());
        assertEquals(5_000_110, r.priceMax());
        assertEquals((5_000_000 + 4_999_927 + 4_999_852 + 5_000_110) / 4, r.priceAvg());
        // E is whole ms on the fake clock, which has µs: each latency is the ms given plus the sub-ms part
        assertEquals(4, r.messages());
        assertEquals(1, r.latencyMinMs());
        assertEquals(7, r.latencyMaxMs());
        assertEquals(4, r.latencyAvgMs());
        assertEquals(bytes / 1024, r.rxKibibytes());
        assertEquals(0, r.malformed() + r.oversized() + r.partial());
    }

    @Test
    void countersStartAfreshEachSecond() {
        BinanceClient client = connected();
        deliver(client, depth("1.00", 0));
        loop.advanceMillis(1000);
        deliver(client, depth("2.00", 0));
        deliver(client, depth("3.00", 0));
        loop.advanceMillis(1000);
        loop.advanceMillis(1000);
        assertEquals(List.of(1L, 2L, 3L), reports.stream().map(SecondReport::second).toList());
        assertEquals(List.of(1, 2, 0), reports.stream().map(SecondReport::prices).toList());
        assertEquals(200, reports.get(1).priceMin());
        assertEquals(300, reports.get(1).priceMax());
        assertEquals(250, reports.get(1).priceAvg());
        assertEquals(0, reports.get(2).messages());
    }

    @Test
    void anUpdateWithoutAsksCountsAsAMessageButNotAPrice() {
        BinanceClient client = connected();
        deliver(client, "{\"data\":{\"e\":\"depthUpdate\",\"E\":" + loop.currentTimeMicros() / 1000 + ",\"a\":[]}}");
        loop.advanceMillis(1000);
        assertEquals(0, reports.get(0).prices());
        assertEquals(1, reports.get(0).messages());
    }

    @Test
    void malformedMessagesAreSkippedCountedAndExplainedAndTheNextOneCounts() {
        BinanceClient client = connected();
        deliver(client, "{\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"a\":[[\"12.00\",\"1\"]]");
        deliver(client, depth("5.00", 2));
        loop.advanceMillis(1000);
        SecondReport r = reports.get(0);
        assertEquals(1, r.malformed());
        assertEquals(1, r.messages());
        assertEquals(500, r.priceMin());
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).contains("ends where"), skipped.get(0));
        assertEquals(1, client.totalMalformed());
        assertEquals(1, client.totalUpdates());
        loop.advanceMillis(1000);
        assertEquals(0, reports.get(1).malformed());
    }

    @Test
    void oversizedAndPartialMessagesAreCountedInTheirWindow() {
        BinanceClient client = connected();
        String huge = "{\"data\":{\"pad\":\"" + "x".repeat(BinanceClient.MESSAGE_CAPACITY) + "\"}}";
        deliver(client, huge);
        client.onRx(stream, ByteBuffer.wrap("tail of something\"}}".getBytes(StandardCharsets.US_ASCII)), EOM);
        deliver(client, depth("5.00", 0));
        loop.advanceMillis(1000);
        SecondReport r = reports.get(0);
        assertEquals(1, r.oversized());
        assertEquals(1, r.partial());
        assertEquals(1, r.messages());
        assertEquals((huge.length() + 20 + depth("5.00", 0).length()) / 1024, r.rxKibibytes());
        loop.advanceMillis(1000);
        assertEquals(0, reports.get(1).oversized() + reports.get(1).partial());
    }

    @Test
    void reportsStopAtDisconnectedAndRestartFromOneAtTheNextConnected() {
        BinanceClient client = connected();
        loop.advanceMillis(2500);
        assertEquals(2, reports.size());
        client.onState(stream, StreamState.DISCONNECTED, 0);
        loop.advanceMillis(5000);
        assertEquals(2, reports.size());
        assertEquals(0, loop.pendingTimers());
        client.onState(stream, StreamState.CONNECTING, 0);
        client.onState(stream, StreamState.CONNECTED, 0);
        loop.advanceMillis(1000);
        assertEquals(3, reports.size());
        assertEquals(1, reports.get(2).second());
        client.onState(stream, StreamState.DESTROYING, 0);
        assertEquals(0, loop.pendingTimers());
        assertEquals(List.of(StreamState.CREATING, StreamState.CONNECTING, StreamState.CONNECTED,
                StreamState.DISCONNECTED, StreamState.CONNECTING, StreamState.CONNECTED, StreamState.DESTROYING), states);
    }

    @Test
    void aLateTickDoesNotShiftTheOnesAfterIt() {
        // a loop that runs the first timer 300 ms late, as a busy loop would
        Loop late = new Loop() {
            private boolean delayed;

            @Override
            public void execute(Runnable task) {
                loop.execute(task);
            }

            @Override
            public Scheduled schedule(Runnable task, long delay, TimeUnit unit) {
                long extra = delayed ? 0 : TimeUnit.MILLISECONDS.toNanos(300);
                delayed = true;
                return loop.schedule(task, unit.toNanos(delay) + extra, TimeUnit.NANOSECONDS);
            }

            @Override
            public boolean inLoop() {
                return loop.inLoop();
            }

            @Override
            public long nanoTime() {
                return loop.nanoTime();
            }

            @Override
            public long currentTimeMicros() {
                return loop.currentTimeMicros();
            }
        };
        BinanceClient client = new BinanceClient(output);
        client.onState(new LoopStream(late), StreamState.CONNECTED, 0);
        loop.advanceMillis(3000);
        assertEquals(List.of(1300L, 700L, 1000L), reports.stream().map(SecondReport::windowMillis).toList());
    }

    @Test
    void aGivenWallClockIsUsedInsteadOfTheLoops() {
        AtomicLong clock = new AtomicLong(loop.currentTimeMicros() + 250_000);
        BinanceClient client = new BinanceClient(output, clock::get);
        client.onState(stream, StreamState.CONNECTED, 0);
        deliver(client, depth("1.00", 0));
        loop.advanceMillis(1000);
        long latency = reports.get(0).latencyMinMs();
        assertTrue(latency == 250 || latency == 251, "latency by the given clock: " + latency);
    }

    @Test
    void anEventFromTheFutureGivesANegativeLatency() {
        BinanceClient client = connected();
        deliver(client, depth("1.00", -40));
        loop.advanceMillis(1000);
        assertTrue(reports.get(0).latencyMinMs() <= -39, reports.get(0).format());
    }
}
