package dev.strand.benchmarks.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nghttp2's {@code h2load} (Debian {@code nghttp2-client}, installed with apt when missing) run on
 * the same workload: the native ceiling. Its median is its req/s; its p50 slot holds its mean
 * request time, the only latency it prints.
 */
final class H2Load {

    private static final Pattern FINISHED = Pattern.compile("finished in [0-9.]+m?s, ([0-9.]+) req/s");
    private static final Pattern TIME = Pattern.compile("time for request:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)");

    private H2Load() {
    }

    static Row run(Workload w, String url, double seconds) {
        try {
            Path bin = ensureInstalled();
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
                cmd.addAll(List.of("/usr/bin/taskset", "-c", "1"));
            }
            cmd.add(bin.toString());
            if (!w.h2()) {
                cmd.add("--h1");
            }
            cmd.addAll(List.of("-c", Integer.toString(w.connections()), "-m", Integer.toString(w.h2() ? w.inFlight() : 1),
                    "--warm-up-time", "2", "-D", Integer.toString((int) Math.ceil(seconds)), url));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor((long) seconds + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Row.failed("h2load failed: " + out);
            }
            Matcher f = FINISHED.matcher(out);
            Matcher t = TIME.matcher(out);
            if (!f.find()) {
                return Row.failed("h2load printed no rate: " + out);
            }
            double rate = Double.parseDouble(f.group(1));
            double mean = t.find() ? millis(t.group(3)) : Double.NaN;
            return new Row(rate, rate, rate, mean, Double.NaN, w.connections(), Double.NaN, Double.NaN, null);
        } catch (Exception e) {
            return Row.failed("h2load: " + e);
        }
    }

    private static double millis(String v) {
        if (v.endsWith("us")) {
            return Double.parseDouble(v.substring(0, v.length() - 2)) / 1000;
        }
        if (v.endsWith("ms")) {
            return Double.parseDouble(v.substring(0, v.length() - 2));
        }
        return Double.parseDouble(v.substring(0, v.length() - 1)) * 1000;
    }

    private static Path ensureInstalled() throws Exception {
        Path bin = Path.of("/usr/bin/h2load");
        if (!Files.isExecutable(bin)) {
            for (String[] c : new String[][] {{"apt-get", "update", "-qq"}, {"apt-get", "install", "-y", "-qq", "nghttp2-client"}}) {
                Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                p.waitFor(5, TimeUnit.MINUTES);
            }
        }
        return bin;
    }
}
