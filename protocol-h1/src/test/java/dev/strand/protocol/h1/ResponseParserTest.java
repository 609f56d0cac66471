package dev.strand.protocol.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.http.HttpHeaders;
import dev.strand.http.MalformedMessageException;
import dev.strand.http.MalformedMessageException.Element;
import dev.strand.http.ResponseHead;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9112 response framing and rejection of malformed input, fed whole and one byte at a time. */
class ResponseParserTest {

    /** What the parser produced for one response. */
    static final class Result implements ResponseParser.Sink {
        final List<ResponseHead> heads = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpHeaders trailers;
        Boolean reusable;

        @Override
        public void onHead(ResponseHead head) {
            heads.add(head);
        }

        @Override
        public void onBody(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            body.writeBytes(b);
        }

        @Override
        public void onTrailers(HttpHeaders t) {
            trailers = t;
        }

        @Override
        public void onComplete(boolean r) {
            reusable = r;
        }

        String bodyText() {
            return body.toString(StandardCharsets.ISO_8859_1);
        }

        int status() {
            return heads.get(0).status();
        }
    }

    private static Result parseWhole(String wire, boolean head) throws MalformedMessageException {
        ResponseParser p = new ResponseParser(H1Limits.DEFAULT);
        p.start(head);
        Result r = new Result();
        p.parse(ByteBuffer.wrap(wire.getBytes(StandardCharsets.ISO_8859_1)), r);
        return r;
    }

    private static Result parseBytewise(String wire, boolean head) throws MalformedMessageException {
        ResponseParser p = new ResponseParser(H1Limits.DEFAULT);
        p.start(head);
        Result r = new Result();
        for (byte b : wire.getBytes(StandardCharsets.ISO_8859_1)) {
            p.parse(ByteBuffer.wrap(new byte[] {b}), r);
        }
        return r;
    }

    /** Parses both ways, checks they agree, returns one. */
    private static Result parse(String wire) throws MalformedMessageException {
        return parse(wire, false);
    }

    private static Result parse(String wire, boolean head) throws MalformedMessageException {
        Result whole = parseWhole(wire, head);
        Result split = parseBytewise(wire, head);
        assertEquals(whole.bodyText(), split.bodyText());
        assertEquals(whole.reusable, split.reusable);
        assertEquals(whole.heads, split.heads);
        assertEquals(whole.trailers, split.trailers);
        return whole;
    }

    // ---- framing (E23, E24, E28) -------------------------------------------------------------

    @Test
    void e23ContentLengthEndsTheBodyAndKeepsTheConnection() throws Exception {
        Result r = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello");
        assertEquals(200, r.status());
        assertEquals("OK", r.heads.get(0).reason());
        assertEquals("b", r.heads.get(0).headers().first("x-a").orElseThrow());
        assertEquals("hello", r.bodyText());
        assertEquals(Boolean.TRUE, r.reusable);
    }

    @Test
    void e23ContentLengthZeroCompletesAtTheHead() throws Exception {
        Result r = parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertEquals("", r.bodyText());
        assertEquals(Boolean.TRUE, r.reusable);
    }

    @Test
    void e23ChunkedBodyWithExtensionsAndTrailers() throws Exception {
        Result r = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\nX-More: 1\r\n\r\n");
        assertEquals("hello 0123456789", r.bodyText());
        assertEquals(HttpHeaders.of("X-Checksum", "abc", "X-More", "1"), r.trailers);
        assertEquals(Boolean.TRUE, r.reusable);
    }

    @Test
    void e23ChunkedBodyWithoutTrailersHasEmptyTrailers() throws Exception {
        Result r = parse("HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertEquals("abc", r.bodyText());
        assertTrue(r.trailers.isEmpty());
    }

    @Test
    void e23e28NeitherLengthNorChunkedIsDelimitedByTheEndOfTheConnection() throws Exception {
        ResponseParser p = new ResponseParser(H1Limits.DEFAULT);
        p.start(false);
        Result r = new Result();
        assertFalse(p.parse(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\nall of this".getBytes()), r));
        assertEquals(null, r.reusable);
        assertTrue(p.endOfInput(r));
        assertEquals("all of this", r.bodyText());
        assertEquals(Boolean.FALSE, r.reusable, "a close-delimited response ends the connection");
    }

    @Test
    void aTransferEncodingThatDoesNotEndInChunkedIsDelimitedByTheEnd() throws Exception {
        ResponseParser p = new ResponseParser(H1Limits.DEFAULT);
        p.start(false);
        Result r = new Result();
        assertFalse(p.parse(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz".getBytes()), r));
        assertTrue(p.endOfInput(r));
        assertEquals(Boolean.FALSE, r.reusable);
    }

    @Test
    void transferEncodingWithContentLengthIsChunkedButEndsTheConnection() throws Exception {
        Result r = parse("HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
        assertEquals("ok", r.bodyText());
        assertEquals(Boolean.FALSE, r.reusable);
    }

    @Test
    void e23e24NoContentNotModifiedAndHeadHaveNoBodyWhateverTheirHeadersSay() throws Exception {
        assertEquals(Boolean.TRUE, parse("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n").reusable);
        assertEquals(Boolean.TRUE, parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\n\r\n").reusable);
        Result head = parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nTransfer-Encoding: chunked\r\n\r\n", true);
        assertEquals(200, head.status());
        assertEquals("", head.bodyText());
    }

    @Test
    void e24InterimResponsesAreSkippedEvenWithAContentLength() throws Exception {
        Result r = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\nContent-Length: 7\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals(1, r.heads.size());
        assertEquals(200, r.status());
        assertEquals("ok", r.bodyText());
    }

    @Test
    void switchingProtocolsIsFinalAndEndsThePool() throws Exception {
        Result r = parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        assertEquals(101, r.status());
        assertEquals(Boolean.FALSE, r.reusable);
    }

    @Test
    void e26e27KeepAliveFollowsTheVersionAndTheConnectionHeader() throws Exception {
        assertEquals(Boolean.FALSE, parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").reusable);
        assertEquals(Boolean.FALSE, parse("HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n").reusable);
        assertEquals(Boolean.FALSE, parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").reusable);
        assertEquals(Boolean.TRUE, parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").reusable);
        assertEquals("HTTP/1.0", parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").heads.get(0).version());
    }

    @Test
    void bareLineFeedsObsFoldAndAMissingReasonAreAccepted() throws Exception {
        Result r = parse("HTTP/1.1 200\nX-Long: one\n  two\nContent-Length: 1\n\nx");
        assertEquals("", r.heads.get(0).reason());
        assertEquals("one two", r.heads.get(0).headers().first("X-Long").orElseThrow());
        assertEquals("x", r.bodyText());
    }

    @Test
    void parsingStopsAtTheEndOfEachMessageSoPipelinedResponsesSeparate() throws Exception {
        ResponseParser p = new ResponseParser(H1Limits.DEFAULT);
        ByteBuffer wire = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n").getBytes());
        List<String> bodies = new ArrayList<>();
        while (wire.hasRemaining()) {
            p.start(false);
            Result r = new Result();
            assertTrue(p.parse(wire, r));
            bodies.add(r.status() + ":" + r.bodyText());
        }
        assertEquals(List.of("200:a", "200:b", "204:"), bodies);
    }

    @Test
    void aResponseCutShortIsNotComplete() throws Exception {
        ResponseParser p = new ResponseParser(H1Limits.DEFAULT);
        p.start(false);
        Result r = new Result();
        p.parse(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes()), r);
        assertFalse(p.endOfInput(r));
        assertEquals(7, p.fixedRemaining());
    }

    // ---- malformed input ---------------------------------------------------------------------

    static Stream<Arguments> malformed() {
        String big = "x".repeat(9000);
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 201; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        StringBuilder huge = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 20; i++) {
            huge.append("X-").append(i).append(": ").append("y".repeat(4000)).append("\r\n");
        }
        return Stream.of(
                Arguments.of("not http at all\r\n\r\n", Element.STATUS_LINE, "malformed status line"),
                Arguments.of("HTTP/2.0 200 OK\r\n\r\n", Element.STATUS_LINE, "unsupported HTTP version"),
                Arguments.of("HTTP/1.1 2x0 OK\r\n\r\n", Element.STATUS_LINE, "not three digits"),
                Arguments.of("HTTP/1.1 2000 OK\r\n\r\n", Element.STATUS_LINE, "not three digits"),
                Arguments.of("HTTP/1.1 600 Odd\r\n\r\n", Element.STATUS_LINE, "outside 100..599"),
                Arguments.of("HTTP/1.1 200 O\u0001K\r\n\r\n", Element.STATUS_LINE, "control character"),
                Arguments.of("HTTP/1.1 200 OK\r\nBad Name: v\r\n\r\n", Element.HEADER_NAME, "not a token"),
                Arguments.of("HTTP/1.1 200 OK\r\nName : v\r\n\r\n", Element.HEADER_NAME, "whitespace before the colon"),
                Arguments.of("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", Element.HEADER_NAME, "no name and colon"),
                Arguments.of("HTTP/1.1 200 OK\r\n folded first\r\n\r\n", Element.HEADER_NAME, "continuation"),
                Arguments.of("HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n", Element.HEADER_VALUE, "forbidden character 0x0"),
                Arguments.of("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", Element.HEADER_VALUE, "forbidden character 0xd"),
                Arguments.of("HTTP/1.1 200 OK\r\nX: " + big + "\r\n\r\n", Element.HEADER_TOO_LARGE, "line is longer than 8192"),
                Arguments.of("HTTP/1.1 200 " + big + "\r\n\r\n", Element.HEADER_TOO_LARGE, "status line is longer"),
                Arguments.of(huge + "\r\n", Element.HEADER_TOO_LARGE, "head is larger than 65536"),
                Arguments.of(many + "\r\n", Element.HEADER_TOO_LARGE, "more than 200 header fields"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", Element.CONTENT_LENGTH, "not a number"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", Element.CONTENT_LENGTH, "not a number"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", Element.CONTENT_LENGTH, "conflicting"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", Element.TRANSFER_ENCODING, "chunked before"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", Element.CHUNK_SIZE, "not hexadecimal"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abcdef0\r\n", Element.CHUNK_SIZE, "too large"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 junk\r\n", Element.CHUNK_SIZE, "followed by junk"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "f".repeat(1100), Element.CHUNK_SIZE, "longer than 1024"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", Element.CHUNK_DATA, "not followed by CRLF"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n\r\n", Element.HEADER_NAME, "trailer name"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("malformed")
    void malformedResponsesAreRejectedNamingWhatWasWrong(String wire, Element element, String detail) {
        for (boolean bytewise : new boolean[] {false, true}) {
            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> {
                        if (bytewise) {
                            parseBytewise(wire, false);
                        } else {
                            parseWhole(wire, false);
                        }
                    });
            assertEquals(element, e.element(), e.getMessage());
            assertTrue(e.getMessage().contains(detail), e.getMessage());
        }
    }
}
