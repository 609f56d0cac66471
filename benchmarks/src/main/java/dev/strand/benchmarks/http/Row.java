package dev.strand.benchmarks.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One client's line in a results table: req/s of each measured iteration, pooled latencies,
 * connections seen by nginx, the client process's CPU time and heap allocation per request (medians
 * over the iterations; NaN where not measured), or why it failed.
 */
record Row(double median, double min, double max, double p50, double p99, int connections, double cpuMicros,
           double allocatedBytes, String failure) {

    static Row of(List<Double> rates, List<long[]> latencies, List<Double> cpuMicros, List<Double> allocatedBytes,
                  int connections, String failure) {
        if (rates.isEmpty()) {
            return failed(failure != null ? failure : "no measurement");
        }
        List<Double> sorted = new ArrayList<>(rates);
        sorted.sort(Double::compare);
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Row(median(sorted), sorted.get(0), sorted.get(sorted.size() - 1), percentile(all, 0.50),
                percentile(all, 0.99), connections, median(cpuMicros.stream().sorted().toList()),
                median(allocatedBytes.stream().sorted().toList()), failure);
    }

    static Row failed(String why) {
        return new Row(0, 0, 0, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, why);
    }

    private static double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
