package dev.strand.http;

import java.util.Set;

/** What RFC 9110 §9.2 says about request methods. */
public final class HttpMethods {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private HttpMethods() {
    }

    /** GET, HEAD, OPTIONS, TRACE, PUT and DELETE: sending them twice has the effect of once (§9.2.2). */
    public static boolean isIdempotent(String method) {
        return IDEMPOTENT.contains(method);
    }

    /** GET, HEAD, OPTIONS and TRACE: read-only (§9.2.1). */
    public static boolean isSafe(String method) {
        return SAFE.contains(method);
    }
}
