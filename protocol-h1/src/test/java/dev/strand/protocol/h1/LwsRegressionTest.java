package dev.strand.protocol.h1;

import static dev.strand.protocol.h1.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.engine.EngineConfig;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpRequest;
import dev.strand.http.HttpResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One test per libwebsockets issue about client connection reuse that Strand does not repeat (spec/peers.md §4.1). */
class LwsRegressionTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        closeables.add(c);
        return c;
    }

    private static HttpRequest get(String path) {
        return HttpRequest.get("http://origin.test" + path);
    }

    @Test
    void lws2802TheSecondQueuedTransactionRunsAfterTheFirstCompletes() throws Exception {
        FaultServer server = keep(new FaultServer(FaultServer.echo()));
        HttpClient client = keep(Clients.to(server));
        var first = client.send(get("/first"));
        var second = client.send(get("/second"));
        assertEquals("GET /first ", await(first).bodyText());
        HttpResponse r = await(second);
        assertEquals("GET /second ", r.bodyText());
        assertTrue(r.connection().reused());
    }

    @Test
    void lws2615TheSecondQueuedRequestDoesNotTimeOutAfterAChunkedFirstResponse() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> c.send(r.index() == 1
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
                : FaultServer.ok("second"))));
        HttpClient client = keep(Clients.to(server));
        var first = client.send(get("/1"));
        var second = client.send(get("/2"));
        assertEquals("ok", await(first).bodyText());
        assertEquals("second", await(second).bodyText());
        assertEquals(1, server.connections.get());
    }

    @Test
    void lwsPr3248HeadAnd204CompleteAQueuedTransaction() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> c.send(switch (r.target()) {
            case "/head" -> "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n";
            case "/empty" -> "HTTP/1.1 204 No Content\r\n\r\n";
            default -> FaultServer.ok("after");
        })));
        HttpClient client = keep(Clients.to(server));
        var head = client.send(HttpRequest.newBuilder(URI.create("http://origin.test/head")).HEAD().build());
        var empty = client.send(get("/empty"));
        var after = client.send(get("/after"));
        assertEquals(200, await(head).status());
        assertEquals(204, await(empty).status());
        assertEquals("after", await(after).bodyText());
        assertEquals(1, server.connections.get());
    }

    @Test
    void lws2847TwoKeepAliveConnectionsInParallelToOneServer() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> c.sendLater(FaultServer.ok(r.target()), 20)));
        HttpClient client = keep(Clients.to(server.name).engine(EngineConfig.DEFAULT.withMaxConnectionsPerKey(2)).build());
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fs.add(client.send(get("/" + i)));
        }
        Set<Long> used = fs.stream().map(f -> {
            try {
                return await(f).connection().id();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).collect(Collectors.toSet());
        assertEquals(Set.of(1L, 2L), used, "two leaders, each with its share of the queue, both kept alive");
        assertEquals(2, server.connections.get());
    }

    @Test
    void lws3176AServerThatSaysConnectionCloseGetsANewConnectionForTheNextRequest() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> {
            c.send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n" + r.index());
            c.close();
        }));
        HttpClient client = keep(Clients.to(server));
        assertEquals(1, await(client.send(get("/a"))).connection().id());
        assertEquals(2, await(client.send(get("/b"))).connection().id());
    }
}
