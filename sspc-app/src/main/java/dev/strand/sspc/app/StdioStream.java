package dev.strand.sspc.app;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * One secure stream through an SS proxy with stdio, the Java counterpart of lws's minimal SSPC
 * client (behind both {@code strand ss} and {@code sspc}). Each read of stdin (at most one TX frame:
 * 4061 bytes on a socket, 2013 on a mux channel) is one message (SOM|EOM); rx goes to stdout as it
 * comes; every state goes to stderr with its lws number and the milliseconds since the run began.
 * The onward connection is asked for with the first stdin data, or at once with
 * {@code --connect}. Once stdin has ended and everything is sent, the stream arms its timeout and
 * ends on TIMEOUT with status 0; an HTTP streamtype ends with its transaction instead (status 0
 * after QOS_ACK_REMOTE, the timeout being cancelled with the transaction). Status 1: the proxy
 * refused the streamtype, could not be reached within the client's link retries, reported
 * ALL_RETRIES_FAILED, or the transaction ended in QOS_NACK_REMOTE. A chunk the link lost is sent
 * again once the stream is connected anew.
 *
 * <p>Stdin is read on a thread of its own and handed to the loop a chunk at a time (at most
 * {@value #CHUNKS_AHEAD} chunks ahead of the stream); rx is written to stdout by another thread,
 * so the loop never blocks on a pipe. Handler callbacks run on the stream's loop.
 */
public final class StdioStream implements StreamHandler {

    /** The system property a launcher script sets to its start time, epoch nanoseconds ({@code date +%s%N}). */
    public static final String LAUNCH_PROPERTY = "strand.launch.epoch.ns";
    private static final int CHUNKS_AHEAD = 16;
    /** Sent chunks kept for sending again: as many as a proxy client reports undelivered at most. */
    private static final int REMEMBERED = 64;
    private static final byte[] END = new byte[0];

    private final StreamArgs args;
    private final String program;
    private final int reachAttempts;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Semaphore mayRead = new Semaphore(CHUNKS_AHEAD);
    private final ArrayDeque<byte[]> input = new ArrayDeque<>();
    private final ArrayDeque<byte[]> again = new ArrayDeque<>();
    private final Map<Integer, byte[]> sentChunks = new HashMap<>();
    private final LinkedBlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final long t0 = System.nanoTime();
    private SecureStream stream;
    private boolean created;
    private boolean connectedOnce;
    private boolean inputEnded;
    private boolean timeoutArmed;
    private StreamState transactionEnd;
    private int linkRetries;
    private long sent;
    private long received;

    /**
     * @param args          what to run
     * @param program       the name messages start with ({@code strand ss}, {@code sspc})
     * @param reachAttempts how many attempts the client makes to reach the proxy, for the message
     *                      when it cannot
     */
    public StdioStream(StreamArgs args, String program, int reachAttempts, InputStream in, PrintStream out,
                       PrintStream err) {
        this.args = args;
        this.program = program;
        this.reachAttempts = reachAttempts;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs the stream on {@code loop} to its end; returns the exit status. */
    public int run(SsProxyClient client, Loop loop) throws InterruptedException {
        int chunk = client.profile().txPayloadLimit();
        loop.execute(() -> {
            try {
                stream = client.create(StreamOptions.of(args.streamType(), this), loop);
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
        });
        Thread reader = new Thread(() -> readInput(loop, chunk), program + "-stdin");
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(this::writeOutput, program + "-stdout");
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
        err.printf("%s: %6d ms  %s (%d)%s%n", program, (System.nanoTime() - t0) / 1_000_000, state.name(),
                state.value(), ack != 0 ? " ack " + ack : "");
        if (state == StreamState.CREATING) {
            created = true;
            args.metadata().forEach(s::setMetadata);
            if (args.connect()) {
                s.connect();
            }
            if (!input.isEmpty()) {
                s.requestTx();
            } else if (inputEnded) {
                armTimeout();
            }
        } else if (state == StreamState.CONNECTED) {
            if (!connectedOnce && args.stats()) {
                reportStats();
            }
            connectedOnce = true;
            if (!input.isEmpty() || !again.isEmpty()) {
                s.requestTx();
            }
        } else if (state == StreamState.UPSTREAM_LINK_RETRY) {
            linkRetries++;
        } else if (state == StreamState.TIMEOUT && timeoutArmed) {
            finish(0);
            return StreamResult.DESTROY_ME;
        } else if (state == StreamState.QOS_ACK_REMOTE || state == StreamState.QOS_NACK_REMOTE) {
            transactionEnd = state;
        } else if (state == StreamState.DISCONNECTED && transactionEnd != null && inputEnded && input.isEmpty()
                && again.isEmpty()) {
            if (transactionEnd == StreamState.QOS_NACK_REMOTE) {
                fail("the origin's answer was not a success (QOS_NACK_REMOTE)");
            } else {
                finish(0);
            }
            return StreamResult.DESTROY_ME;
        } else if (state == StreamState.ALL_RETRIES_FAILED) {
            fail("the proxy could not connect '" + args.streamType() + "' onward (ALL_RETRIES_FAILED)");
            return StreamResult.DESTROY_ME;
        } else if (state == StreamState.DESTROYING && !status.isDone()) {
            if (created) {
                fail("the stream ended");
            } else if (linkRetries > 0) {
                fail("cannot reach the proxy at " + args.proxy() + " (" + reachAttempts + " attempts a second apart)");
            } else {
                fail("the proxy at " + args.proxy() + " refused streamtype '" + args.streamType() + "'");
            }
        }
        return StreamResult.OK;
    }

    @Override
    public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
        byte[] next = again.poll();
        if (next == null) {
            next = input.poll();
            if (next == null) {
                return StreamResult.TX_DONT_SEND;
            }
            mayRead.release();
        }
        chunk.buffer().put(next);
        chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
        sentChunks.put(ordinal, next);
        sentChunks.remove(ordinal - REMEMBERED);
        sent += next.length;
        if (!input.isEmpty() || !again.isEmpty()) {
            s.requestTx();
        } else if (inputEnded) {
            armTimeout();
        }
        return StreamResult.OK;
    }

    /** The link lost a chunk: it goes first when the stream is connected again. */
    @Override
    public void onTxUndelivered(SecureStream s, int ordinal, int length) {
        byte[] lost = sentChunks.get(ordinal);
        if (lost != null) {
            err.printf("%s: %6d ms  %d bytes not delivered; sending them again once connected%n", program,
                    (System.nanoTime() - t0) / 1_000_000, length);
            again.add(lost);
            sent -= lost.length;
        }
    }

    @Override
    public StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        received += b.length;
        output.add(b);
        return StreamResult.OK;
    }

    /**
     * Prints the time since launch (from {@value #LAUNCH_PROPERTY}, the epoch nanoseconds a launcher
     * script passes, else from the process start time, which Linux gives to the second only) and the
     * heap in use after a GC, on a thread of its own so that the loop goes on.
     */
    private void reportStats() {
        Instant now = Instant.now();
        Long launchNanos = Long.getLong(LAUNCH_PROPERTY);
        String sinceLaunch = launchNanos != null
                ? (now.getEpochSecond() * 1_000_000_000L + now.getNano() - launchNanos) / 1_000_000 + " ms after launch"
                : ProcessHandle.current().info().startInstant()
                        .map(start -> Duration.between(start, now).toMillis() + " ms after the process start (to the second)")
                        .orElse("(launch time unknown)");
        Thread t = new Thread(() -> {
            Runtime rt = Runtime.getRuntime();
            long before = rt.totalMemory() - rt.freeMemory();
            System.gc();
            long after = rt.totalMemory() - rt.freeMemory();
            err.printf("%s: stats: first CONNECTED %s; heap in use %d KiB after GC (%d KiB before), committed %d KiB,"
                            + " max %d KiB%n", program, sinceLaunch, after / 1024, before / 1024,
                    rt.totalMemory() / 1024, rt.maxMemory() / 1024);
        }, program + "-stats");
        t.setDaemon(true);
        t.start();
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
            err.println(program + ": reading stdin failed: " + e);
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
            stream.startTimeout(args.timeoutMs());
        }
    }

    private void finish(int code) {
        err.printf("%s: sent %d bytes, received %d bytes%n", program, sent, received);
        status.complete(code);
    }

    private void fail(String why) {
        if (!status.isDone()) {
            err.println(program + ": " + why);
            status.complete(1);
        }
    }
}
