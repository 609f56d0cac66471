package dev.strand.http;

import java.util.Objects;

/**
 * The start of a final response: protocol version, status and header fields. Immutable.
 *
 * @param version {@code HTTP/1.1}, {@code HTTP/1.0}, {@code HTTP/2}
 * @param status  the status code, 200..599 for a final response
 * @param reason  the reason phrase (may be empty; h2 has none)
 * @param headers the header fields
 */
public record ResponseHead(String version, int status, String reason, HttpHeaders headers) {

    public ResponseHead {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
    }
}
