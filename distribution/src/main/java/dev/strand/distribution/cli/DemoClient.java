package dev.strand.distribution.cli;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's client stream: sends a few messages once the proxy has connected onward, collects
 * the echo, and prints each state as it comes (with the time since creation and what it means).
 * Callbacks run on the stream's loop; the latches are for the demo's main thread.
 */
final class DemoClient implements StreamHandler {

    private final PrintStream out;
    private final ArrayDeque<byte[]> toSend = new ArrayDeque<>();
    private final byte[] expected;
    private final ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    private final long t0 = System.nanoTime();
    final CountDownLatch allEchoed = new CountDownLatch(1);
    final CountDownLatch destroyed = new CountDownLatch(1);
    volatile SecureStream stream;
    volatile StreamState last = StreamState.UNSET;
    volatile long firstSentNanos;
    volatile long echoedNanos;

    DemoClient(List<String> messages, PrintStream out) {
        this.out = out;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String m : messages) {
            byte[] b = m.getBytes(StandardCharsets.UTF_8);
            toSend.add(b);
            all.writeBytes(b);
        }
        this.expected = all.toByteArray();
    }

    int expectedBytes() {
        return expected.length;
    }

    synchronized boolean echoMatches() {
        return java.util.Arrays.equals(expected, echoed.toByteArray());
    }

    @Override
    public StreamResult onState(SecureStream s, StreamState state, long ack) {
        stream = s;
        last = state;
        out.printf("      %+6d ms  %-14s %s%n", (System.nanoTime() - t0) / 1_000_000, state.name() + " (" + state.value() + ")",
                meaning(state));
        if (state == StreamState.CREATING) {
            s.requestTx();
        } else if (state == StreamState.DESTROYING) {
            destroyed.countDown();
        }
        return StreamResult.OK;
    }

    @Override
    public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
        byte[] next = toSend.poll();
        if (next == null) {
            return StreamResult.TX_DONT_SEND;
        }
        if (firstSentNanos == 0) {
            firstSentNanos = System.nanoTime();
        }
        chunk.buffer().put(next);
        chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
        out.printf("      %+6d ms  sent %d bytes: %s", (System.nanoTime() - t0) / 1_000_000, next.length,
                new String(next, StandardCharsets.UTF_8));
        if (!toSend.isEmpty()) {
            s.requestTx();
        }
        return StreamResult.OK;
    }

    @Override
    public synchronized StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        echoed.writeBytes(b);
        out.printf("      %+6d ms  echoed %d bytes: %s", (System.nanoTime() - t0) / 1_000_000, b.length,
                new String(b, StandardCharsets.UTF_8));
        if (echoed.size() >= expected.length && allEchoed.getCount() > 0) {
            echoedNanos = System.nanoTime();
            allEchoed.countDown();
        }
        return StreamResult.OK;
    }

    private static String meaning(StreamState s) {
        if (s == StreamState.CREATING) {
            return "the proxy found 'echo' in its policy and created the stream";
        } else if (s == StreamState.POLL) {
            return "the client asked to send and the stream has no connection yet";
        } else if (s == StreamState.CONNECTING) {
            return "the proxy is connecting onward to the origin";
        } else if (s == StreamState.CONNECTED) {
            return "the onward connection is up: payload can flow";
        } else if (s == StreamState.DISCONNECTED) {
            return "the stream was closed: its onward connection is gone";
        } else if (s == StreamState.DESTROYING) {
            return "the stream is gone";
        } else if (s == StreamState.UNREACHABLE) {
            return "the proxy could not reach the origin";
        }
        return "";
    }
}
