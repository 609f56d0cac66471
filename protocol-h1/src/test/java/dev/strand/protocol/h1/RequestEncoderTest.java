package dev.strand.protocol.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strand.http.HttpRequest;
import dev.strand.http.RequestBody;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestEncoderTest {

    private static String head(HttpRequest r) {
        ByteBuffer b = RequestEncoder.head(r);
        return StandardCharsets.ISO_8859_1.decode(b).toString();
    }

    @Test
    void aGetHasHostFromTheUriAndNoBodyFraming() {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://Example.com:8080/a%20b?q=1")).header("Accept", "*/*").build();
        assertEquals("GET /a%20b?q=1 HTTP/1.1\r\nHost: Example.com:8080\r\nAccept: */*\r\n\r\n", head(r));
    }

    @Test
    void theDefaultPortIsLeftOutAndAnEmptyPathIsSlash() {
        assertEquals("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", head(HttpRequest.get("https://example.com:443")));
    }

    @Test
    void aBodyOfKnownLengthHasContentLengthAndAnEmptyPostHasZero() {
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://h/p")).POST(RequestBody.ofString("abc")).build();
        assertEquals("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n", head(post));
        HttpRequest empty = HttpRequest.newBuilder(URI.create("http://h/p")).POST(RequestBody.empty()).build();
        assertEquals("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", head(empty));
    }

    @Test
    void aBodyOfUnknownLengthIsChunked() {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://h/p"))
                .PUT(RequestBody.ofChunks(List.of(new byte[] {1}))).header("Host", "other").build();
        assertEquals("PUT /p HTTP/1.1\r\nHost: other\r\nTransfer-Encoding: chunked\r\n\r\n", head(r));
        assertEquals("1a\r\n", StandardCharsets.US_ASCII.decode(RequestEncoder.chunkHeader(26)).toString());
    }

    @Test
    void framingHeadersAndLineBreaksCannotBeInjected() {
        var b = HttpRequest.newBuilder(URI.create("http://h/"));
        assertThrows(IllegalArgumentException.class, () -> b.header("Content-Length", "5"));
        assertThrows(IllegalArgumentException.class, () -> b.header("X", "a\r\nInjected: yes"));
        assertThrows(IllegalArgumentException.class, () -> b.header("Bad Name", "v"));
        assertThrows(IllegalArgumentException.class, () -> b.method("GE T", RequestBody.empty()));
    }
}
