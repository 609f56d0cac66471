package dev.strand.protocol.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.engine.ConnectionEngine;
import dev.strand.core.net.engine.ConnectionInfo;
import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.http.HttpExchange;
import dev.strand.http.HttpRequest;
import dev.strand.http.ResponseHandler;
import dev.strand.http.ResponseHead;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An exchange's owner paces its response ({@link HttpExchange#setReading}): while it is paused the
 * connection reads nothing more, and once the exchange ends the connection reads again for the
 * next one. Against the fault server, over in-JVM links with real threads.
 */
class H1PacingTest {

    @Test
    void aPausedResponseIsNotReadUntilItsOwnerResumesAndTheConnectionReadsAgainAfterIt() throws Exception {
        try (FaultServer server = new FaultServer((r, c) -> {
            if (r.target().equals("/paced")) {
                c.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfirst");
                c.sendLater("-rest", 200);
            } else {
                c.send(FaultServer.ok("next"));
            }
        }); EventLoop loop = new EventLoop("h1-pacing")) {
            ConnectionEngine engine = new ConnectionEngine(loop, Clients.providers(), EngineConfig.DEFAULT);
            PoolKey key = PoolKey.plain("http", server.endpoint, H1Protocol.NAME);
            Collect paced = new Collect(true);
            HttpExchange ex = new HttpExchange(HttpRequest.get("http://origin.test/paced"), paced, 1);
            paced.exchange = ex;
            engine.submit(key, ex, ExchangeOptions.DEFAULT, ex);
            assertTrue(paced.firstPiece.await(10, TimeUnit.SECONDS));
            Thread.sleep(600);
            assertEquals("first", paced.body(), "paused after the first piece: the rest, sent 200 ms later, is not read");
            loop.execute(() -> ex.setReading(true));
            assertTrue(paced.done.await(10, TimeUnit.SECONDS));
            assertEquals("first-rest", paced.body());

            Collect next = new Collect(false);
            HttpExchange second = new HttpExchange(HttpRequest.get("http://origin.test/next"), next, 1);
            engine.submit(key, second, ExchangeOptions.DEFAULT, second);
            assertTrue(next.done.await(10, TimeUnit.SECONDS), "the connection reads again for the next exchange");
            assertEquals(1, server.connections.get(), "on the same connection");
            loop.execute(engine::close);
        }
    }

    /** Collects a response; with {@code pauseAtFirstPiece}, pauses its exchange at the first body piece. */
    private static final class Collect implements ResponseHandler {
        private final boolean pauseAtFirstPiece;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final CountDownLatch firstPiece = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile HttpExchange exchange;

        Collect(boolean pauseAtFirstPiece) {
            this.pauseAtFirstPiece = pauseAtFirstPiece;
        }

        @Override
        public void onHead(ResponseHead head, ConnectionInfo connection) {
        }

        @Override
        public synchronized void onBody(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            body.writeBytes(b);
            if (pauseAtFirstPiece && firstPiece.getCount() > 0) {
                exchange.setReading(false);
            }
            firstPiece.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        @Override
        public void onError(Throwable cause) {
            done.countDown();
        }

        synchronized String body() {
            return body.toString(StandardCharsets.US_ASCII);
        }
    }
}
