package dev.strand.benchmarks.http;

/**
 * One benchmark scenario: which protocol, how many requests in flight, how many connections a
 * client may open, and which body it fetches.
 *
 * @param name        short name in the results table
 * @param h2          HTTP/2 over TLS (ALPN) when true, HTTP/1.1 cleartext when false
 * @param inFlight    requests outstanding at once (closed loop)
 * @param connections connections each client may open to the origin
 * @param bodyBytes   size of the static body fetched
 */
record Workload(String name, boolean h2, int inFlight, int connections, int bodyBytes) {

    String path() {
        return "/b/" + bodyBytes;
    }
}
