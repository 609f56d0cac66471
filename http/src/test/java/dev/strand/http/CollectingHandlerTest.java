package dev.strand.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strand.core.net.engine.ConnectionInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-memory response collector keeps every body byte, in order, whatever its pieces and its declared length. */
class CollectingHandlerTest {

    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "h1", "test", false);

    private static byte[] collect(HttpHeaders headers, byte[] body, int piece, boolean direct) {
        CollectingHandler h = new CollectingHandler();
        h.onHead(new ResponseHead("HTTP/1.1", 200, "OK", headers), CONNECTION);
        for (int at = 0; at < body.length; at += piece) {
            byte[] part = Arrays.copyOfRange(body, at, Math.min(body.length, at + piece));
            ByteBuffer chunk = direct ? ByteBuffer.allocateDirect(part.length).put(part).flip() : ByteBuffer.wrap(part);
            h.onBody(chunk);
            assertEquals(0, chunk.remaining(), "the collector takes the whole piece");
        }
        h.onComplete();
        return h.future.join().body();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void aBodyOfTheDeclaredLengthArrivesWhole(boolean direct) {
        byte[] body = random(65_536);
        assertArrayEquals(body, collect(HttpHeaders.of("Content-Length", "65536"), body, 1_000, direct));
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void aBodyWithoutDeclaredLengthGrowsAsItArrives(boolean direct) {
        byte[] body = random(300_001);
        assertArrayEquals(body, collect(HttpHeaders.EMPTY, body, 7_777, direct));
    }

    @Test
    void aDeclaredLengthBeyondThePresizeLimitStillCollectsEverything() {
        byte[] body = random(CollectingHandler.PRESIZE_LIMIT + 10);
        assertArrayEquals(body, collect(HttpHeaders.of("Content-Length", Integer.toString(body.length)), body, 16_384, false));
    }

    @Test
    void aBodyShorterThanDeclaredIsWhatArrived() {
        byte[] body = random(10);
        assertArrayEquals(body, collect(HttpHeaders.of("Content-Length", "100"), body, 3, false));
    }

    @Test
    void anEmptyBodyIsEmpty() {
        assertEquals(0, collect(HttpHeaders.of("Content-Length", "0"), new byte[0], 1, false).length);
        assertEquals(0, collect(HttpHeaders.of("Content-Length", "not a number"), new byte[0], 1, false).length);
    }
}
