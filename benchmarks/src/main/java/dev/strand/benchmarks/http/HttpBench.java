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
 * workloads with the same closed-loop harness, with h2load as the native ceiling, and prints one
 * table per workload: median req/s over the iterations with their spread, p50/p99 latency,
 * connections nginx saw, the client process's CPU time per request (all its threads; a measure
 * that load from other processes disturbs less than req/s), and the ratio to the best Java peer.
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
                Map<String, Row> rows = new LinkedHashMap<>();
                for (String name : clientsFor(w)) {
                    if (!o.clients.isEmpty() && !o.clients.contains(name)) {
                        continue;
                    }
                    URI uri = URI.create(base + w.path() + "?run=" + w.name() + "-" + name);
                    rows.put(name, measure(name, w, trust, uri, o, nginx));
                }
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

    private static Row measure(String name, Workload w, Trust trust, URI uri, Options o, Nginx nginx) throws Exception {
        System.out.printf(Locale.ROOT, "# %s: %s ...%n", w.name(), name);
        List<Double> rates = new ArrayList<>();
        List<long[]> latencies = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        String failure = null;
        try (BenchClient c = open(name, w, trust)) {
            ClosedLoop.Result warm = ClosedLoop.run(c, uri, w.inFlight(), o.warmup, w.bodyBytes());
            if (warm.failures() > 0) {
                failure = warm.failures() + " failed, first: " + warm.firstFailure();
            }
            for (int i = 0; i < o.iterations && failure == null; i++) {
                ClosedLoop.Result r = ClosedLoop.run(c, uri, w.inFlight(), o.seconds, w.bodyBytes());
                if (r.failures() > 0) {
                    failure = r.failures() + " failed, first: " + r.firstFailure();
                }
                rates.add(r.rate());
                latencies.add(r.latenciesNanos());
                cpu.add(r.cpuMicrosPerRequest());
                System.out.printf(Locale.ROOT, "#   iteration %d: %.0f req/s, %.1f us CPU/req%n", i + 1, r.rate(),
                        r.cpuMicrosPerRequest());
            }
        } catch (Exception | Error e) {
            failure = e.toString();
        }
        Thread.sleep(1200);
        return Row.of(rates, latencies, cpu, connections(nginx, uri), failure);
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
        System.out.printf(Locale.ROOT, "%-18s %12s %20s %9s %9s %6s %11s %14s%n", "client", "req/s", "spread (min-max)",
                "p50 ms", "p99 ms", "conns", "CPU us/req", "vs best peer");
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            if (r.failure() != null) {
                System.out.printf(Locale.ROOT, "%-18s FAILED: %s%n", e.getKey(), r.failure());
                continue;
            }
            System.out.printf(Locale.ROOT, "%-18s %12.0f %20s %9.3f %9.3f %6d %11.1f %13.2fx%n", e.getKey(), r.median(),
                    String.format(Locale.ROOT, "%.0f-%.0f", r.min(), r.max()), r.p50(), r.p99(), r.connections(),
                    r.cpuMicros(), bestPeer > 0 ? r.median() / bestPeer : Double.NaN);
        }
        if (ceiling != null && ceiling.failure() == null) {
            System.out.printf(Locale.ROOT, "%-18s %12.0f %20s %9s %9s %6s %11s %13.2fx%n", "h2load (ceiling)", ceiling.median(),
                    "-", "mean " + String.format(Locale.ROOT, "%.3f", ceiling.p50()), "-", "-", "-",
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
