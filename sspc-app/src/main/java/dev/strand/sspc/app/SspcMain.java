package dev.strand.sspc.app;

import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.NoSuchTransportException;
import dev.strand.core.net.retry.RetryPolicy;
import dev.strand.core.net.sss.SsProxyClient;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sspc STREAMTYPE --proxy ENDPOINT [--connect] [--timeout-ms N] [--metadata name=value]... [--stats]}:
 * one secure stream through an SS proxy over a serial port ({@code --proxy 'uart:/dev/ttyUSB0?baud=115200'};
 * the transport mux runs on it, with its settings from the same parameters, e.g. {@code &ping=10s&grace=2s}),
 * as {@link StdioStream} describes. {@code --stats} reports, at the first CONNECTED, the time since
 * the process was launched and the heap in use. Exit status 0 on the stream's TIMEOUT after stdin
 * ended, 1 on failure, 2 on a usage error. The proxy is tried {@value #REACH_ATTEMPTS} times, a
 * second apart.
 */
public final class SspcMain {

    /** How many times the stream tries to reach its proxy before giving up. */
    public static final int REACH_ATTEMPTS = 5;

    private static final String PROGRAM = "sspc";

    private SspcMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(Arrays.asList(args), System.err);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private static int run(List<String> args, PrintStream err) throws InterruptedException {
        StreamArgs parsed;
        try {
            parsed = StreamArgs.parse(args, null);
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            err.println("usage: " + PROGRAM + " " + StreamArgs.USAGE);
            return 2;
        }
        SsProxyClient client;
        try {
            client = SsProxyClient.builder(parsed.proxy()).linkRetry(reachRetry()).build();
        } catch (NoSuchTransportException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
        try (EventLoop loop = new EventLoop(PROGRAM)) {
            return new StdioStream(parsed, PROGRAM, REACH_ATTEMPTS, System.in, System.out, err).run(client, loop);
        } finally {
            client.close();
        }
    }

    /** {@value #REACH_ATTEMPTS} attempts a second apart, then the stream gives up. */
    public static RetryPolicy reachRetry() {
        return new RetryPolicy("sspc-reach", List.of(1000L), REACH_ATTEMPTS - 1, 1, 0, 0);
    }
}
