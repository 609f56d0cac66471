package dev.strand.protocol.h2;

import dev.strand.http.HttpHeaders;
import dev.strand.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a request into HTTP/2 header fields (RFC 9113 §8.3.1): the four pseudo-header fields,
 * {@code :authority} from {@code Host} when set, names in lower case, connection-specific fields
 * dropped (§8.2.2), {@code TE} only as {@code trailers}, and {@code content-length} for a body of
 * known length (and for an empty body of a method that usually has one).
 */
final class RequestHeaders {

    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "host");

    private RequestHeaders() {
    }

    /** {@code :method}, {@code :scheme}, {@code :authority}, {@code :path}. */
    static String[] pseudo(HttpRequest request) {
        String authority = request.headers().first("Host").orElse(request.authority());
        return new String[] {request.method(), request.scheme(), authority, request.target()};
    }

    static List<HttpHeaders.Field> fields(HttpRequest request) {
        List<HttpHeaders.Field> out = new ArrayList<>(request.headers().size() + 1);
        for (HttpHeaders.Field f : request.headers().fields()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            if (CONNECTION_SPECIFIC.contains(name)) {
                continue;
            }
            if (name.equals("te") && !f.value().equalsIgnoreCase("trailers")) {
                continue;
            }
            out.add(name.equals(f.name()) ? f : new HttpHeaders.Field(name, f.value()));
        }
        long length = request.body().contentLength();
        if (length > 0 || (length == 0 && expectsBody(request.method()))) {
            out.add(new HttpHeaders.Field("content-length", Long.toString(length)));
        }
        return out;
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
