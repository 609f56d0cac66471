package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.core.net.sss.SsProxyClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * The stream of one {@code strand ss} run ({@link SsCommand} says what it does). Stdin is read on a
 * thread of its own and handed to the loop a chunk at a time (at most {@value #CHUNKS_AHEAD} chunks
 * ahead of the stream); rx is written to stdout by another thread, so the loop never blocks on a
 * pipe. Handler callbacks run on the stream's loop.
 */
final class SsSession implements StreamHandler {

    private static final int CHUNKS_AHEAD = 16;
    private static final byte[] END = new byte[0];

    private final String streamType;
    private final Endpoint proxy;
    private final boolean connectAtOnce;
    private final int timeoutMs;
    private final Map<String, byte[]> metadata;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Semaphore mayRead = new Semaphore(CHUNKS_AHEAD);
    private final ArrayDeque<byte[]> input = new ArrayDeque<>();
    private final LinkedBlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final long t0 = System.nanoTime();
    private SecureStream stream;
    private boolean created;
    private boolean inputEnded;
    private boolean timeoutArmed;
    private StreamState transactionEnd;
    private int linkRetries;
    private long sent;
    private long received;

    SsSession(String streamType, Endpoint proxy, boolean connectAtOnce, int timeoutMs, Map<String, byte[]> metadata,
              CommandContext context) {
        this.streamType = streamType;
        this.proxy = proxy;
        this.connectAtOnce = connectAtOnce;
        this.timeoutMs = timeoutMs;
        this.metadata = metadata;
        this.in = context.in();
        this.out = context.out();
        this.err = context.err();
    }

    /** Runs the stream to its end; returns the exit status. */
    int run(SsProxyClient client, Loop loop) throws InterruptedException {
        int chunk = client.profile().txPayloadLimit();
        loop.execute(() -> {
            try {
                stream = client.create(StreamOptions.of(streamType, this), loop);
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
        });
        Thread reader = new Thread(() -> readInput(loop, chunk), "strand-ss-stdin");
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(this::writeOutput, "strand-ss-stdout");
        writer.setDaemon(true);
        writer.start();
        int result;
        try {
            result = status.get();
        } catch (ExecutionException e) {
            result = 1;
        }
        output.add(END);
        writer.join(5000);
        return result;
    }

    @Override
    public StreamResult onState(SecureStream s, StreamState state, long ack) {
        stream = s;
        err.printf("strand ss: %6d ms  %s (%d)%s%n", (System.nanoTime() - t0) / 1_000_000, state.name(),
                state.value(), ack != 0 ? " ack " + ack : "");
        if (state == StreamState.CREATING) {
            created = true;
            metadata.forEach(s::setMetadata);
            if (connectAtOnce) {
                s.connect();
            }
            if (!input.isEmpty()) {
                s.requestTx();
            } else if (inputEnded) {
                armTimeout();
            }
        } else if (state == StreamState.UPSTREAM_LINK_RETRY) {
            linkRetries++;
        } else if (state == StreamState.TIMEOUT && timeoutArmed) {
            finish(0);
            return StreamResult.DESTROY_ME;
        } else if (state == StreamState.QOS_ACK_REMOTE || state == StreamState.QOS_NACK_REMOTE) {
            transactionEnd = state;
        } else if (state == StreamState.DISCONNECTED && transactionEnd != null && inputEnded && input.isEmpty()) {
            if (transactionEnd == StreamState.QOS_NACK_REMOTE) {
                fail("the origin's answer was not a success (QOS_NACK_REMOTE)");
            } else {
                finish(0);
            }
            return StreamResult.DESTROY_ME;
        } else if (state == StreamState.ALL_RETRIES_FAILED) {
            fail("the proxy could not connect '" + streamType + "' onward (ALL_RETRIES_FAILED)");
            return StreamResult.DESTROY_ME;
        } else if (state == StreamState.DESTROYING && !status.isDone()) {
            if (created) {
                fail("the stream ended");
            } else if (linkRetries > 0) {
                fail("cannot reach the proxy at " + proxy + " (" + SsCommand.REACH_ATTEMPTS + " attempts a second apart)");
            } else {
                fail("the proxy at " + proxy + " refused streamtype '" + streamType + "'");
            }
        }
        return StreamResult.OK;
    }

    @Override
    public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
        byte[] next = input.poll();
        if (next == null) {
            return StreamResult.TX_DONT_SEND;
        }
        mayRead.release();
        chunk.buffer().put(next);
        chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
        sent += next.length;
        if (!input.isEmpty()) {
            s.requestTx();
        } else if (inputEnded) {
            armTimeout();
        }
        return StreamResult.OK;
    }

    @Override
    public StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        received += b.length;
        output.add(b);
        return StreamResult.OK;
    }

    private void readInput(Loop loop, int chunk) {
        byte[] buf = new byte[chunk];
        try {
            while (true) {
                mayRead.acquire();
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                byte[] piece = Arrays.copyOf(buf, n);
                loop.execute(() -> {
                    input.add(piece);
                    if (created) {
                        stream.requestTx();
                    }
                });
            }
        } catch (IOException | InterruptedException e) {
            err.println("strand ss: reading stdin failed: " + e);
        }
        loop.execute(() -> {
            inputEnded = true;
            if (created && input.isEmpty()) {
                armTimeout();
            }
        });
    }

    private void writeOutput() {
        try {
            for (byte[] b = output.take(); b != END; b = output.take()) {
                out.write(b, 0, b.length);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void armTimeout() {
        if (!timeoutArmed && !status.isDone()) {
            timeoutArmed = true;
            stream.startTimeout(timeoutMs);
        }
    }

    private void finish(int code) {
        err.printf("strand ss: sent %d bytes, received %d bytes%n", sent, received);
        status.complete(code);
    }

    private void fail(String why) {
        if (!status.isDone()) {
            err.println("strand ss: " + why);
            status.complete(1);
        }
    }
}
