package dev.strand.protocol.h1;

import dev.strand.http.HttpHeaders;
import dev.strand.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes HTTP/1.1 request heads and chunk framing (RFC 9112 §3, §7.1). Header values were
 * validated when the request was built, so nothing written here can break a line.
 */
final class RequestEncoder {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private RequestEncoder() {
    }

    /**
     * The request line and header fields: {@code Host} from the URI unless set, then the request's
     * fields, then {@code Content-Length} for a body of known length (and for an empty body of a
     * method that usually has one) or {@code Transfer-Encoding: chunked} for one of unknown length.
     */
    static ByteBuffer head(HttpRequest request) {
        StringBuilder b = new StringBuilder(256);
        b.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        HttpHeaders headers = request.headers();
        if (!headers.contains("Host")) {
            b.append("Host: ").append(request.authority()).append("\r\n");
        }
        for (HttpHeaders.Field f : headers.fields()) {
            b.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        long length = request.body().contentLength();
        if (length < 0) {
            b.append("Transfer-Encoding: chunked\r\n");
        } else if (length > 0 || expectsBody(request.method())) {
            b.append("Content-Length: ").append(length).append("\r\n");
        }
        b.append("\r\n");
        return ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether the request asks the server to close the connection after responding. */
    static boolean asksToClose(HttpRequest request) {
        return request.headers().hasToken("Connection", "close");
    }

    /** The line that starts a chunk of {@code size} bytes. */
    static ByteBuffer chunkHeader(int size) {
        return ByteBuffer.wrap((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The CRLF that ends a chunk's data. */
    static ByteBuffer chunkEnd() {
        return ByteBuffer.wrap(CRLF);
    }

    /** The last chunk and the empty trailer section. */
    static ByteBuffer lastChunk() {
        return ByteBuffer.wrap(LAST_CHUNK);
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
