package dev.strand.protocol.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.http.HttpRequest;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** HPACK through {@link Hpack}: RFC 7541 vectors, dynamic-table state across blocks, and what malformed blocks cost. */
class HpackTest {

    private static ByteBuffer hex(String h) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    @Test
    void rfc7541AppendixC6ResponsesWithHuffmanAndEvictionDecode() throws Exception {
        Hpack h = new Hpack(1 << 16);
        Hpack.Decoded first = h.decode(1, hex("488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff"
                + "6e919d29ad171863c78f0b97c8e9ae82ae43d3"));
        assertEquals(302, first.status());
        assertEquals("private", first.fields().first("cache-control").orElseThrow());
        assertEquals("https://www.example.com", first.fields().first("location").orElseThrow());
        Hpack.Decoded second = h.decode(3, hex("4883640effc1c0bf"));
        assertEquals(307, second.status());
        assertEquals("https://www.example.com", second.fields().first("location").orElseThrow(),
                "indexed from the dynamic table the first block filled");
    }

    @Test
    void aRequestEncodesWithPseudoHeadersFirstAndDecodesBack() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(java.net.URI.create("https://example.com:8443/a/b?c=d"))
                .header("Accept", "text/plain").header("Connection", "keep-alive").header("TE", "gzip").build();
        Hpack client = new Hpack(1 << 16);
        ByteBuffer block = client.encodeRequest(1, RequestHeaders.pseudo(r), RequestHeaders.fields(r));
        io.netty.handler.codec.http2.Http2Headers decoded = new io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder(true)
                .decodeHeaders(1, io.netty.buffer.Unpooled.wrappedBuffer(block));
        assertEquals("GET", decoded.method().toString());
        assertEquals("https", decoded.scheme().toString());
        assertEquals("example.com:8443", decoded.authority().toString());
        assertEquals("/a/b?c=d", decoded.path().toString());
        assertEquals("text/plain", decoded.get("accept").toString());
        assertFalse(decoded.contains("connection"), "connection-specific fields are dropped");
        assertFalse(decoded.contains("te"), "TE other than trailers is dropped");
    }

    @Test
    void theDynamicTableMakesRepeatedHeadersSmaller() throws Exception {
        Hpack client = new Hpack(1 << 16);
        HttpRequest r = HttpRequest.newBuilder(java.net.URI.create("http://example.com/x")).header("x-token", "abcdefghijklmnop").build();
        int first = client.encodeRequest(1, RequestHeaders.pseudo(r), RequestHeaders.fields(r)).remaining();
        int second = client.encodeRequest(3, RequestHeaders.pseudo(r), RequestHeaders.fields(r)).remaining();
        assertTrue(second < first / 2, first + " then " + second);
    }

    @Test
    void anIndexBeyondBothTablesIsACompressionErrorForTheConnection() {
        Hpack h = new Hpack(1 << 16);
        Hpack.HpackException e = assertThrows(Hpack.HpackException.class, () -> h.decode(1, hex("ff8001")));
        assertEquals(ErrorCode.COMPRESSION_ERROR, e.code);
        assertFalse(e.streamOnly);
    }

    @Test
    void aMalformedFieldCostsOnlyItsStreamAndKeepsTheTableInStep() throws Exception {
        Hpack server = new Hpack(1 << 16);
        Hpack client = new Hpack(1 << 16);
        ByteBuffer bad = server.encode(1, new DefaultHttp2Headers(false).status("200").add("x-ok", "1").path("/not-in-a-response")
                .add("x-indexed", "remember me"));
        Hpack.HpackException e = assertThrows(Hpack.HpackException.class, () -> client.decode(1, bad));
        assertTrue(e.streamOnly, "a request pseudo-header in a response costs its stream only: " + e.getMessage());
        ByteBuffer next = server.encode(3, new DefaultHttp2Headers(false).status("200").add("x-indexed", "remember me"));
        assertEquals("remember me", client.decode(3, next).fields().first("x-indexed").orElseThrow());
    }

    @Test
    void aHeaderListAboveTheLimitIsAStreamError() throws Exception {
        Hpack server = new Hpack(1 << 20);
        Hpack client = new Hpack(1000);
        ByteBuffer big = server.encode(1, new DefaultHttp2Headers().status("200").add("x-big", "v".repeat(5000)));
        Hpack.HpackException e = assertThrows(Hpack.HpackException.class, () -> client.decode(1, big));
        assertTrue(e.streamOnly || e.code == ErrorCode.PROTOCOL_ERROR || e.code == ErrorCode.ENHANCE_YOUR_CALM, e.code + " " + e.getMessage());
    }

    @Test
    void sensitiveFieldsAreNeverIndexed() throws Exception {
        Hpack client = new Hpack(1 << 16);
        HttpRequest r = HttpRequest.newBuilder(java.net.URI.create("http://example.com/")).header("Authorization", "Bearer secret").build();
        ByteBuffer a = client.encodeRequest(1, RequestHeaders.pseudo(r), RequestHeaders.fields(r));
        ByteBuffer b = client.encodeRequest(3, RequestHeaders.pseudo(r), RequestHeaders.fields(r));
        assertTrue(b.remaining() > 10, "the credential is sent as a literal each time (" + b.remaining()
                + " bytes), never as a one-byte index into the table (first block: " + a.remaining() + " bytes)");
    }
}
