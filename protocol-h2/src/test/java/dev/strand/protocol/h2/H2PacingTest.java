package dev.strand.protocol.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.engine.ConnectionEngine;
import dev.strand.core.net.engine.ConnectionInfo;
import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.http.HttpExchange;
import dev.strand.http.ResponseHandler;
import dev.strand.http.ResponseHead;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An exchange's owner paces its response ({@link HttpExchange#setReading}): h2 then withholds the
 * stream's WINDOW_UPDATE, so a server that respects flow control stops once the window is used,
 * and gives the credit back when the owner resumes. Against the fault server, which sends a
 * stream's window's worth and then waits for credit.
 */
class H2PacingTest {

    private static final int WINDOW = 64 * 1024;

    @Test
    void aPausedStreamGetsNoWindowUpdateUntilItsOwnerResumes() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            c.headers(r.streamId(), new DefaultHttp2Headers().status("200"), false);
            c.data(r.streamId(), new byte[WINDOW], false);
        }); EventLoop loop = new EventLoop("h2-pacing")) {
            ConnectionEngine engine = new ConnectionEngine(loop,
                    H2Clients.providers(H2Settings.DEFAULT.withWindows(WINDOW, 16 << 20)), EngineConfig.DEFAULT);
            Received received = new Received();
            HttpExchange ex = new HttpExchange(H2Clients.get("/paced"), received, 1);
            loop.execute(() -> ex.setReading(false));
            engine.submit(PoolKey.plain("http", server.endpoint, H2Protocol.NAME), ex, ExchangeOptions.DEFAULT, ex);
            H2FaultServer.await("the whole window delivered", () -> received.bytes.get() == WINDOW);
            Thread.sleep(300);
            assertEquals(0, streamWindowUpdates(server), "no credit for the paused stream");
            loop.execute(() -> ex.setReading(true));
            H2FaultServer.await("credit once resumed", () -> streamWindowUpdates(server) == 1);
            int streamId = server.requests.get(0).streamId();
            server.connections.get(0).run(() -> server.connections.get(0).data(streamId, new byte[10], true));
            assertTrue(received.done.await(10, TimeUnit.SECONDS));
            assertEquals(WINDOW + 10, received.bytes.get());
            loop.execute(engine::close);
        }
    }

    private static long streamWindowUpdates(H2FaultServer server) {
        return server.framesOfType(H2Wire.WINDOW_UPDATE).stream().filter(f -> f.streamId() != 0).count();
    }

    private static final class Received implements ResponseHandler {
        final AtomicLong bytes = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);

        @Override
        public void onHead(ResponseHead head, ConnectionInfo connection) {
        }

        @Override
        public void onBody(ByteBuffer chunk) {
            bytes.addAndGet(chunk.remaining());
            chunk.position(chunk.limit());
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        @Override
        public void onError(Throwable cause) {
            done.countDown();
        }
    }
}
