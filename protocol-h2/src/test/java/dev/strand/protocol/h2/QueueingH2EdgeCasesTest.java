package dev.strand.protocol.h2;

import static dev.strand.protocol.h2.H2Clients.await;
import static dev.strand.protocol.h2.H2Clients.failureOf;
import static dev.strand.protocol.h2.H2Clients.get;
import static dev.strand.protocol.h2.H2Clients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.engine.ConnectionInfo;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpHeaders;
import dev.strand.http.HttpResponse;
import dev.strand.http.ResponseHandler;
import dev.strand.http.ResponseHead;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code spec/queueing.md} §2.3 (h2 edge cases E45–E60) as tests, one per case, written against
 * the corrected behaviour where lws's is a defect ([S]) and against lws's where it is sound ([B]).
 */
class QueueingH2EdgeCasesTest {

    @Test
    void e45QueuedExchangesBindBroadsideOnlyWhenTheServersFirstSettingsArrive() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo())) {
            CountDownLatch settingsSent = new CountDownLatch(1);
            AtomicInteger headersBeforeSettings = new AtomicInteger();
            server.opening = c -> c.later(300, () -> {
                headersBeforeSettings.set(server.framesOfType(H2Wire.HEADERS).size());
                c.settings();
                settingsSent.countDown();
            });
            try (HttpClient client = H2Clients.to(server)) {
                List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    fs.add(client.send(get("/q" + i)));
                }
                for (CompletableFuture<HttpResponse> f : fs) {
                    assertEquals(200, await(f).status());
                }
                assertEquals(0, headersBeforeSettings.get(), "no stream before the server's SETTINGS");
                assertEquals(1, client.stats().connectionsOpened());
            }
        }
    }

    @Test
    void e45ASessionThatNeverGetsSettingsFailsItsExchangesAtTheirDeadlineInsteadOfHanging() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo())) {
            server.opening = c -> {
            };
            try (HttpClient client = H2Clients.to(server, H2Settings.DEFAULT)
                    .timeouts(new ExchangeOptions(Duration.ofMillis(800), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                    .build()) {
                long start = System.nanoTime();
                Throwable t = failureOf(client.send(get("/never")));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
                assertTrue(t.getMessage().contains("800") || t.getMessage().contains("timed out"), t.toString());
                assertTrue(server.framesOfType(H2Wire.HEADERS).isEmpty());
            }
        }
    }

    @Test
    void e46TheFirstRequestIsStreamOneAndEachHandleKeepsItsIdentity() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo()); HttpClient client = H2Clients.to(server)) {
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fs.add(client.send(get("/id" + i)));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("GET /id" + i + " ", await(fs.get(i)).bodyText());
            }
            assertEquals(List.of(1, 3, 5), server.requests.stream().map(H2FaultServer.Request::streamId).sorted().toList());
        }
    }

    @Test
    void e47ThePeersStreamLimitIsRespectedSoNothingIsRefused() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo())) {
            server.opening = c -> c.settings(H2Wire.SETTINGS_MAX_CONCURRENT_STREAMS, 1);
            try (HttpClient client = H2Clients.to(server)) {
                List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    fs.add(client.send(get("/one-at-a-time" + i)));
                }
                for (CompletableFuture<HttpResponse> f : fs) {
                    await(f);
                }
                assertEquals(1, server.connections.get(0).maxOpenStreams);
                assertEquals(0, client.stats().exchangesRedispatched());
            }
        }
    }

    @Test
    void e48e49ExchangesBeyondCapacityWaitOnThePoolAndBindWhenStreamsFree() throws Exception {
        List<H2FaultServer.Request> held = new CopyOnWriteArrayList<>();
        try (H2FaultServer server = new H2FaultServer((r, c) -> held.add(r))) {
            server.opening = c -> c.settings(H2Wire.SETTINGS_MAX_CONCURRENT_STREAMS, 2);
            try (HttpClient client = H2Clients.to(server)) {
                List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    fs.add(client.send(get("/w" + i)));
                }
                H2FaultServer.await("two streams", () -> held.size() == 2);
                Thread.sleep(100);
                assertEquals(2, held.size(), "the others wait on the pool, not on a refused stream");
                H2FaultServer.Conn c = server.connections.get(0);
                for (int answered = 0; answered < 6; answered++) {
                    int n = answered;
                    H2FaultServer.await("request " + n, () -> held.size() > n);
                    H2FaultServer.Request r = held.get(n);
                    c.run(() -> c.respond(r.streamId(), 200, r.path()));
                }
                for (int i = 0; i < 6; i++) {
                    assertEquals("/w" + i, await(fs.get(i)).bodyText());
                }
                assertEquals(0, client.stats().exchangesFailed());
            }
        }
    }

    @Test
    void e50EachExchangeGetsItsHeadOnceAndOneTerminalEvent() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo()); HttpClient client = H2Clients.to(server)) {
            await(client.send(get("/warm")));
            AtomicInteger heads = new AtomicInteger();
            AtomicInteger ends = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            client.stream(get("/direct-join"), new ResponseHandler() {
                @Override
                public void onHead(ResponseHead head, ConnectionInfo connection) {
                    heads.incrementAndGet();
                }

                @Override
                public void onBody(ByteBuffer chunk) {
                }

                @Override
                public void onComplete() {
                    ends.incrementAndGet();
                    done.countDown();
                }

                @Override
                public void onError(Throwable cause) {
                    ends.incrementAndGet();
                    done.countDown();
                }
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            Thread.sleep(50);
            assertEquals(1, heads.get());
            assertEquals(1, ends.get());
        }
    }

    @Test
    void e51AnIdleConnectionIsReusedByTheNextExchange() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo()); HttpClient client = H2Clients.to(server)) {
            HttpResponse first = await(client.send(get("/a")));
            Thread.sleep(200);
            HttpResponse second = await(client.send(get("/b")));
            assertEquals(first.connection().id(), second.connection().id());
            assertTrue(second.connection().reused());
            assertEquals(1, server.connections.size());
        }
    }

    @Test
    void e52StreamsGoOutInSubmissionOrder() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo()); HttpClient client = H2Clients.to(server)) {
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(client.send(get("/order" + i)));
            }
            for (CompletableFuture<HttpResponse> f : fs) {
                await(f);
            }
            List<String> byStream = server.requests.stream().sorted((a, b) -> Integer.compare(a.streamId(), b.streamId()))
                    .map(H2FaultServer.Request::path).toList();
            List<String> submitted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                submitted.add("/order" + i);
            }
            assertEquals(submitted, byStream);
        }
    }

    @Test
    void e53ANormallyEndedStreamIsNotResetAfterwards() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo()); HttpClient client = H2Clients.to(server)) {
            await(client.send(get("/done")));
            await(client.send(get("/done-too")));
            Thread.sleep(50);
            assertTrue(server.framesOfType(H2Wire.RST_STREAM).isEmpty(), "lws sends RST(NO_ERROR) after END_STREAM; nothing needs it");
        }
    }

    @Test
    void e54AConnectionLostWithStreamsInFlightSendsAgainWhatMayBeSentAgain() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.connection() > 1) {
                c.respond(r.streamId(), 200, "again " + r.path());
            } else if (c.openStreams.size() == 3) {
                c.hangUp();
            }
        }); HttpClient client = H2Clients.to(server)) {
            CompletableFuture<HttpResponse> get1 = client.send(get("/g1"));
            CompletableFuture<HttpResponse> get2 = client.send(get("/g2"));
            CompletableFuture<HttpResponse> postIt = client.send(post("/p", "once"));
            assertEquals("again /g1", await(get1).bodyText());
            assertEquals("again /g2", await(get2).bodyText());
            assertInstanceOf(IOException.class, failureOf(postIt), "a POST the server may have processed is not sent twice");
        }
    }

    @Test
    void e55GoawayFinishesStreamsUpToItsLastStreamIdAndReplaysTheRest() throws Exception {
        List<H2FaultServer.Request> held = new CopyOnWriteArrayList<>();
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.connection() > 1) {
                c.respond(r.streamId(), 200, "retried");
                return;
            }
            held.add(r);
            if (held.size() == 4) {
                c.goAway(5, ErrorCode.NO_ERROR);
                for (int sid : new int[] {1, 3, 5}) {
                    c.respond(sid, 200, "finished");
                }
            }
        }); HttpClient client = H2Clients.to(server)) {
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(client.send(post("/s" + i, "non-idempotent")));
            }
            assertEquals(List.of("finished", "finished", "finished", "retried"),
                    List.of(await(fs.get(0)).bodyText(), await(fs.get(1)).bodyText(), await(fs.get(2)).bodyText(),
                            await(fs.get(3)).bodyText()));
        }
    }

    @Test
    void e56AConnectionThatReceivedGoawayTakesNoNewStreams() throws Exception {
        List<H2FaultServer.Request> held = new CopyOnWriteArrayList<>();
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.connection() == 1 && held.isEmpty()) {
                held.add(r);
                c.goAway(Integer.MAX_VALUE, ErrorCode.NO_ERROR);
            } else {
                c.respond(r.streamId(), 200, "conn " + r.connection());
            }
        }); HttpClient client = H2Clients.to(server)) {
            CompletableFuture<HttpResponse> first = client.send(get("/first"));
            H2FaultServer.await("the GOAWAY'd request", () -> held.size() == 1);
            Thread.sleep(50);
            CompletableFuture<HttpResponse> second = client.send(get("/second"));
            Thread.sleep(100);
            assertEquals(1, server.requests.size(), "one connection per key: the second waits, and never joins the draining one");
            H2FaultServer.Conn c1 = server.connections.get(0);
            c1.run(() -> c1.respond(1, 200, "conn 1, drained"));
            assertEquals("conn 1, drained", await(first).bodyText());
            assertEquals("conn 2", await(second).bodyText());
            H2FaultServer.await("the drained connection to close", () -> c1.closed);
        }
    }

    @Test
    void e56WithRoomForAnotherConnectionTheNextExchangeDoesNotWaitForTheDrainingOne() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.connection() == 1) {
                c.goAway(Integer.MAX_VALUE, ErrorCode.NO_ERROR);
            } else {
                c.respond(r.streamId(), 200, "conn " + r.connection());
            }
        }); HttpClient client = H2Clients.to(server, H2Settings.DEFAULT)
                .engine(dev.strand.core.net.engine.EngineConfig.DEFAULT.withMaxConnectionsPerKey(2)).build()) {
            client.send(get("/held-forever"));
            H2FaultServer.await("the GOAWAY'd request", () -> server.requests.size() == 1);
            Thread.sleep(50);
            assertEquals("conn 2", await(client.send(get("/second"))).bodyText());
        }
    }

    @Test
    void e57ASlowResponseOnAQuietConnectionIsNotCutOffWhileThePeerAnswersPings() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> c.later(600, () -> c.respond(r.streamId(), 200, "slow")));
             HttpClient client = H2Clients.to(server, H2Settings.DEFAULT.withPing(Duration.ofMillis(100), Duration.ofMillis(400))).build()) {
            assertEquals("slow", await(client.send(get("/slow"))).bodyText());
            assertEquals(1, server.connections.size());
        }
    }

    @Test
    void e58ABodilessRequestEndsItsStreamWithItsHeadersAndABodyEndsWithItsLastData() throws Exception {
        try (H2FaultServer server = new H2FaultServer(H2FaultServer.echo()); HttpClient client = H2Clients.to(server)) {
            await(client.send(get("/g")));
            assertEquals("POST /p body", await(client.send(post("/p", "body"))).bodyText());
            List<H2FaultServer.Frame> headers = server.framesOfType(H2Wire.HEADERS);
            assertTrue((headers.get(0).flags() & H2Wire.FLAG_END_STREAM) != 0, "GET: END_STREAM on HEADERS");
            assertEquals(0, headers.get(1).flags() & H2Wire.FLAG_END_STREAM, "POST: body follows");
            List<H2FaultServer.Frame> data = server.framesOfType(H2Wire.DATA);
            assertTrue((data.get(data.size() - 1).flags() & H2Wire.FLAG_END_STREAM) != 0);
        }
    }

    @Test
    void e59AFloodOfControlFramesIsAnsweredAndIsNotFatal() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            for (int i = 0; i < 200; i++) {
                c.ping(i);
                c.settings();
            }
            c.respond(r.streamId(), 200, "still here");
        }); HttpClient client = H2Clients.to(server)) {
            assertEquals("still here", await(client.send(get("/calm"))).bodyText());
            H2FaultServer.await("200 PING ACKs", () -> server.framesOfType(H2Wire.PING).size() >= 200);
            assertTrue(server.framesOfType(H2Wire.GOAWAY).isEmpty());
        }
    }

    @Test
    void e60EveryStreamOfAPooledConnectionKeepsItsOwnResponseHeaders() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> c.respond(r.streamId(), 200, new byte[0],
                new DefaultHttp2Headers().add("x-request", r.path())));
             HttpClient client = H2Clients.to(server)) {
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fs.add(client.send(get("/h" + i)));
            }
            for (int i = 0; i < 10; i++) {
                HttpHeaders h = await(fs.get(i)).headers();
                assertEquals("/h" + i, h.first("x-request").orElseThrow());
            }
            assertFalse(server.connections.size() > 1);
            assertNotEquals(0, server.requests.size());
        }
    }
}
