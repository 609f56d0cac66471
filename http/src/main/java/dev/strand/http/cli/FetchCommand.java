package dev.strand.http.cli;

import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.engine.EngineStats;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpRequest;
import dev.strand.http.HttpResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code strand fetch URL... [-n COUNT] [-c IN_FLIGHT] [--cacert PEM] [--connections N]
 * [--pipeline DEPTH] [--h2-prior-knowledge] [--timeout SECONDS]}: sends requests through the connection engine and
 * prints, per request, the status, the body size, the connection that carried it and its
 * protocol, then a summary (requests, connections opened, req/s).
 *
 * <p>Requests go to the URLs in turn, COUNT in all (default: each URL once), at most IN_FLIGHT
 * at a time (default 1). The distribution's launcher calls {@link #run}; this class only prints.
 */
public final class FetchCommand {

    /** Usage text, for {@code strand help fetch}. */
    public static final String USAGE = """
            usage: strand fetch URL... [-n COUNT] [-c IN_FLIGHT] [--cacert PEM]
                                       [--connections N] [--pipeline DEPTH] [--h2-prior-knowledge]
                                       [--timeout SECONDS]
              -n COUNT          requests in all, spread over the URLs in turn (default: one per URL)
              -c IN_FLIGHT      requests outstanding at once (default 1)
              --cacert PEM      trust the CA certificates in this PEM file for https
              --connections N   connections per origin (default 1: requests queue on one connection;
                                more opens another connection when the open ones are full)
              --pipeline DEPTH  HTTP/1.1 pipelining depth for idempotent requests (default 1: off)
              --h2-prior-knowledge
                                speak HTTP/2 to http:// URLs from the first byte (h2c); https
                                URLs let TLS's ALPN choose h2 or http/1.1 either way
              --timeout SECONDS deadline for each phase of a request (default 30)
            """;

    private FetchCommand() {
    }

    /**
     * Runs the command.
     *
     * @return 0 when every request got a response, 1 when some failed, 2 for a usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, HttpClient.newBuilder());
    }

    /**
     * Runs the command with a client built from {@code base} (which transports and protocols,
     * where origins are routed); the command's flags are applied on top of it.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, HttpClient.Builder base) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException | IOException e) {
            err.println("strand fetch: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        HttpClient.Builder b = base
                .engine(EngineConfig.DEFAULT.withMaxConnectionsPerKey(o.connections))
                .pipelining(o.pipeline)
                .h2PriorKnowledge(o.h2PriorKnowledge)
                .timeouts(new ExchangeOptions(o.timeout.multipliedBy(2), o.timeout, o.timeout, o.timeout));
        if (o.caPem != null) {
            b.trustedCasPem(o.caPem);
        }
        try (HttpClient client = b.build()) {
            return fetch(client, o, out);
        }
    }

    private static int fetch(HttpClient client, Options o, PrintStream out) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        CountDownLatch done = new CountDownLatch(o.count);
        long start = System.nanoTime();
        Runnable[] sendNext = new Runnable[1];
        sendNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= o.count) {
                return;
            }
            URI uri = o.urls.get(i % o.urls.size());
            client.send(HttpRequest.newBuilder(uri).build()).whenComplete((r, e) -> {
                report(out, i + 1, uri, r, e, bytes, failed);
                done.countDown();
                sendNext[0].run();
            });
        };
        for (int k = 0; k < Math.min(o.inFlight, o.count); k++) {
            sendNext[0].run();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EngineStats s = client.stats();
        synchronized (out) {
            out.printf(Locale.ROOT, "requests: %d (ok %d, failed %d), bytes: %d%n",
                    o.count, o.count - failed.get(), failed.get(), bytes.get());
            out.printf(Locale.ROOT, "connections opened: %d, reused: %d, re-dispatched: %d%n",
                    s.connectionsOpened(), s.connectionsReused(), s.exchangesRedispatched());
            out.printf(Locale.ROOT, "elapsed: %.3f s, req/s: %.1f%n", seconds, o.count / seconds);
        }
        return failed.get() == 0 ? 0 : 1;
    }

    private static void report(PrintStream out, int n, URI uri, HttpResponse r, Throwable e,
                               AtomicLong bytes, AtomicInteger failed) {
        synchronized (out) {
            if (e == null) {
                bytes.addAndGet(r.body().length);
                out.printf(Locale.ROOT, "#%d %s -> %d, %d bytes, connection #%d (%s%s)%n", n, uri, r.status(),
                        r.body().length, r.connection().id(), r.connection().protocol(),
                        r.connection().reused() ? ", reused" : "");
            } else {
                failed.incrementAndGet();
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                out.printf(Locale.ROOT, "#%d %s -> failed: %s%n", n, uri, cause);
            }
        }
    }

    private static final class Options {
        final List<URI> urls = new ArrayList<>();
        int count = -1;
        int inFlight = 1;
        int connections = 1;
        int pipeline = 1;
        boolean h2PriorKnowledge;
        Duration timeout = Duration.ofSeconds(30);
        String caPem;

        static Options parse(String[] args) throws IOException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-n" -> o.count = positive(a, value(args, ++i, a));
                    case "-c" -> o.inFlight = positive(a, value(args, ++i, a));
                    case "--connections" -> o.connections = positive(a, value(args, ++i, a));
                    case "--pipeline" -> o.pipeline = positive(a, value(args, ++i, a));
                    case "--h2-prior-knowledge" -> o.h2PriorKnowledge = true;
                    case "--timeout" -> o.timeout = Duration.ofSeconds(positive(a, value(args, ++i, a)));
                    case "--cacert" -> o.caPem = Files.readString(Path.of(value(args, ++i, a)), StandardCharsets.US_ASCII);
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        URI u = URI.create(a);
                        HttpRequest.newBuilder(u);
                        o.urls.add(u);
                    }
                }
            }
            if (o.urls.isEmpty()) {
                throw new IllegalArgumentException("no URL given");
            }
            if (o.count < 0) {
                o.count = o.urls.size();
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String option, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a positive number, not '" + v + "'");
            }
        }
    }
}
