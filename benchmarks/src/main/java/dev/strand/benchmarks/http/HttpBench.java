package dev.strand.benchmarks.http;

import dev.strand.testing.nginx.Nginx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP benchmark of issues 5 and 6, in one run: starts a real nginx, then drives Strand and
 * the peer Java clients (JDK HttpClient, OkHttp 5, Jetty 12, Apache HttpClient 5) through the same
 * workloads with the same closed-loop harness (their measured iterations taken in turns), with
 * h2load as the native ceiling, and prints one table per workload: median req/s over the
 * iterations with their spread, p50/p99 latency,
 * connections nginx saw, the client process's CPU time and heap allocation per request (all its
 * threads; measures that load from other processes disturbs less than req/s, allocation hardly at
 * all), and the ratio to the best Java peer.
 *
 * <pre>
 * taskset -c 1 java -cp benchmarks/target/benchmarks.jar dev.strand.benchmarks.http.HttpBench \
 *     [--warmup S] [--seconds S] [--iterations N] [--clients a,b] [--workloads a,b]
 * </pre>
 *
 * nginx is pinned to CPU 0 when {@code taskset} exists ({@code --nginx-cpu -1} turns that off).
 * Prints for people; never run by the tests.
 */
public final class HttpBench {

    static final List<String> PEERS = List.of("jdk", "okhttp", "jetty", "apache");
    static final List<Workload> WORKLOADS = List.of(
            new Workload("h1-sequential", false, 1, 1, 100),
            new Workload("h1-16-in-flight", false, 16, 16, 100),
            new Workload("h2-100-in-flight-100B", true, 100, 1, 100),
            new Workload("h2-100-in-flight-64KiB", true, 100, 1, 64 * 1024));

    private HttpBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String log = "access_log access.log conn buffer=256k flush=1s; keepalive_requests 1000000000;";
        System.setProperty("strand.nginx.cpu", Integer.toString(o.nginxCpu));
        try (Nginx nginx = Nginx.start(List.of(new Nginx.Server("h1", "", log),
                new Nginx.Server("h2", "ssl http2", log + " http2_max_concurrent_streams 128;")))) {
            Trust trust = new Trust(nginx.ca().getCertificatePEM());
            System.out.printf(Locale.ROOT, "# %s, %s %s, %d CPUs; warm-up %.0f s, %d x %.0f s measured per client%n",
                    Nginx.version(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), o.warmup, o.iterations, o.seconds);
            for (Workload w : WORKLOADS) {
                if (!o.workloads.isEmpty() && !o.workloads.contains(w.name())) {
                    continue;
                }
                String base = w.h2() ? "https://localhost:" + nginx.port("h2") : "http://127.0.0.1:" + nginx.port("h1");
                List<Contender> contenders = new ArrayList<>();
                for (String name : clientsFor(w)) {
                    if (o.clients.isEmpty() || o.clients.contains(name)) {
                        contenders.add(new Contender(name, URI.create(base + w.path() + "?run=" + w.name() + "-" + name)));
                    }
                }
                Map<String, Row> rows = measure(w, contenders, trust, o, nginx);
                Row ceiling = H2Load.run(w, base + w.path() + "?run=" + w.name() + "-h2load", o.seconds);
                print(w, rows, ceiling);
            }
        }
    }

    private static List<String> clientsFor(Workload w) {
        List<String> names = new ArrayList<>(List.of("strand"));
        if (!w.h2() && w.inFlight() > 1) {
            names.add("strand-pipelined");
        }
        names.addAll(PEERS);
        return names;
    }

    private static BenchClient open(String name, Workload w, Trust trust) throws Exception {
        return switch (name) {
            case "strand" -> new StrandClient(w, trust, 1);
            case "strand-pipelined" -> new StrandClient(new Workload(w.name(), w.h2(), w.inFlight(), 1, w.bodyBytes()), trust, w.inFlight());
            case "jdk" -> new JdkClient(w, trust);
            case "okhttp" -> new OkHttpBenchClient(w, trust);
            case "jetty" -> new JettyBenchClient(w, trust);
            case "apache" -> new ApacheBenchClient(w, trust);
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
    }

    /**
     * Opens and warms up every client, then runs their measured iterations in turns (iteration 1
     * of each, then iteration 2 of each, ...), so that load from elsewhere that comes and goes
     * during the run falls on all of them alike.
     */
    private static Map<String, Row> measure(Workload w, List<Contender> contenders, Trust trust, Options o, Nginx nginx)
            throws Exception {
        try {
            for (Contender c : contenders) {
                System.out.printf(Locale.ROOT, "# %s: %s warming up ...%n", w.name(), c.name);
                c.open(w, trust);
                c.warmUp(w, o.warmup);
            }
            for (int i = 1; i <= o.iterations; i++) {
                for (Contender c : contenders) {
                    c.iterate(w, o.seconds, i);
                }
            }
        } finally {
            contenders.forEach(Contender::close);
        }
        Thread.sleep(1200);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Contender c : contenders) {
            rows.put(c.name, Row.of(c.rates, c.latencies, c.cpu, c.allocated, connections(nginx, c.uri), c.failure));
        }
        return rows;
    }

    /** One client in one workload: its measurements so far, or why it failed. */
    private static final class Contender {
        final String name;
        final URI uri;
        final List<Double> rates = new ArrayList<>();
        final List<long[]> latencies = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<Double> allocated = new ArrayList<>();
        BenchClient client;
        String failure;

        Contender(String name, URI uri) {
            this.name = name;
            this.uri = uri;
        }

        void open(Workload w, Trust trust) {
            try {
                client = HttpBench.open(name, w, trust);
            } catch (Exception | Error e) {
                failure = e.toString();
            }
        }

        void warmUp(Workload w, double seconds) {
            run(w, seconds);
        }

        void iterate(Workload w, double seconds, int iteration) {
            ClosedLoop.Result r = run(w, seconds);
            if (r != null) {
                rates.add(r.rate());
                latencies.add(r.latenciesNanos());
                cpu.add(r.cpuMicrosPerRequest());
                allocated.add(r.bytesPerRequest());
                System.out.printf(Locale.ROOT, "# %s: %s iteration %d: %.0f req/s, %.1f us CPU/req, %.0f B/req allocated%n",
                        w.name(), name, iteration, r.rate(), r.cpuMicrosPerRequest(), r.bytesPerRequest());
            }
        }

        /** One timed window, or {@code null} if the client has failed (now or before). */
        private ClosedLoop.Result run(Workload w, double seconds) {
            if (failure != null) {
                return null;
            }
            try {
                ClosedLoop.Result r = ClosedLoop.run(client, uri, w.inFlight(), seconds, w.bodyBytes());
                if (r.failures() > 0) {
                    failure = r.failures() + " failed, first: " + r.firstFailure();
                }
                return r;
            } catch (Exception | Error e) {
                failure = e.toString();
                return null;
            }
        }

        void close() {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    System.out.printf(Locale.ROOT, "# %s: closing failed: %s%n", name, e);
                }
            }
        }
    }

    /** Distinct connections nginx logged for this run's tag (its log is flushed every second). */
    private static int connections(Nginx nginx, URI uri) throws Exception {
        String tag = uri.getRawPath() + "?" + uri.getRawQuery();
        Set<String> ids = new HashSet<>();
        Path log = nginx.dir().resolve("access.log");
        if (Files.exists(log)) {
            try (var lines = Files.lines(log)) {
                lines.map(l -> l.split(" ")).filter(f -> f.length > 3 && f[3].equals(tag)).forEach(f -> ids.add(f[0]));
            }
        }
        return ids.size();
    }

    private static void print(Workload w, Map<String, Row> rows, Row ceiling) {
        double bestPeer = 0;
        String bestName = "-";
        for (String p : PEERS) {
            Row r = rows.get(p);
            if (r != null && r.failure() == null && r.median() > bestPeer) {
                bestPeer = r.median();
                bestName = p;
            }
        }
        System.out.printf(Locale.ROOT, "%n== %s: %d in flight, %s connection%s, %d-byte bodies, %s%n", w.name(), w.inFlight(),
                w.connections(), w.connections() == 1 ? "" : "s (at most)", w.bodyBytes(), w.h2() ? "HTTP/2 over TLS" : "HTTP/1.1 cleartext");
        System.out.printf(Locale.ROOT, "%-18s %12s %20s %9s %9s %6s %11s %11s %14s%n", "client", "req/s", "spread (min-max)",
                "p50 ms", "p99 ms", "conns", "CPU us/req", "alloc B/req", "vs best peer");
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            if (r.failure() != null) {
                System.out.printf(Locale.ROOT, "%-18s FAILED: %s%n", e.getKey(), r.failure());
                continue;
            }
            System.out.printf(Locale.ROOT, "%-18s %12.0f %20s %9.3f %9.3f %6d %11.1f %11.0f %13.2fx%n", e.getKey(), r.median(),
                    String.format(Locale.ROOT, "%.0f-%.0f", r.min(), r.max()), r.p50(), r.p99(), r.connections(),
                    r.cpuMicros(), r.allocatedBytes(), bestPeer > 0 ? r.median() / bestPeer : Double.NaN);
        }
        if (ceiling != null && ceiling.failure() == null) {
            System.out.printf(Locale.ROOT, "%-18s %12.0f %20s %9s %9s %6s %11s %11s %13.2fx%n", "h2load (ceiling)", ceiling.median(),
                    "-", "mean " + String.format(Locale.ROOT, "%.3f", ceiling.p50()), "-", "-", "-", "-",
                    bestPeer > 0 ? ceiling.median() / bestPeer : Double.NaN);
        } else if (ceiling != null) {
            System.out.printf(Locale.ROOT, "%-18s %s%n", "h2load (ceiling)", ceiling.failure());
        }
        System.out.printf(Locale.ROOT, "best Java peer: %s%n%n", bestName);
    }

    /** Command-line options. */
    private static final class Options {
        double warmup = 5;
        double seconds = 5;
        int iterations = 3;
        int nginxCpu = 0;
        final List<String> clients = new ArrayList<>();
        final List<String> workloads = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--warmup" -> o.warmup = Double.parseDouble(args[++i]);
                    case "--seconds" -> o.seconds = Double.parseDouble(args[++i]);
                    case "--iterations" -> o.iterations = Integer.parseInt(args[++i]);
                    case "--nginx-cpu" -> o.nginxCpu = Integer.parseInt(args[++i]);
                    case "--clients" -> o.clients.addAll(List.of(args[++i].split(",")));
                    case "--workloads" -> o.workloads.addAll(List.of(args[++i].split(",")));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --warmup S --seconds S --iterations N --nginx-cpu N --clients a,b --workloads a,b");
                }
            }
            return o;
        }
    }
}
