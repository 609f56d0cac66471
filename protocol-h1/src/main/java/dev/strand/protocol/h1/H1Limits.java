package dev.strand.protocol.h1;

/**
 * Size limits the HTTP/1.1 response parser enforces; a response that exceeds one is rejected
 * with a {@link dev.strand.http.MalformedMessageException} naming the limit, and only its
 * connection closes. Immutable.
 *
 * @param maxLineLength   longest status line, header line or trailer line, CRLF included
 * @param maxHeaderBytes  largest response head (status line and header fields), and largest trailer section
 * @param maxHeaderFields most header fields in a head, or trailer fields after a body
 */
public record H1Limits(int maxLineLength, int maxHeaderBytes, int maxHeaderFields) {

    /** 8 KiB lines, 64 KiB heads, 200 fields. */
    public static final H1Limits DEFAULT = new H1Limits(8 * 1024, 64 * 1024, 200);

    /** Longest chunk-size line (hex size plus extensions) accepted. */
    public static final int MAX_CHUNK_SIZE_LINE = 1024;

    public H1Limits {
        if (maxLineLength < 64 || maxHeaderBytes < maxLineLength || maxHeaderFields < 1) {
            throw new IllegalArgumentException("unusable limits: line " + maxLineLength + ", head " + maxHeaderBytes
                    + ", fields " + maxHeaderFields);
        }
    }
}
