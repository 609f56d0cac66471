package dev.strand.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.core.net.engine.NoSuchProtocolException;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loop.EventLoopGroup;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client's loop, its pool keys and its failure when no HTTP protocol is present; the
 * protocols' own tests live with them.
 */
class HttpClientTest {

    private static HttpClient client(HttpClient.Builder b) {
        Providers p = Providers.empty();
        p.addTransport(new LoopbackTransport());
        return b.providers(p).build();
    }

    @Test
    void e05TheSameOriginSharesAPoolWhateverTheSpellingOfItsHost() {
        try (HttpClient c = client(HttpClient.newBuilder())) {
            PoolKey a = c.keyFor(HttpRequest.get("http://Example.COM/a"));
            PoolKey b = c.keyFor(HttpRequest.get("http://example.com:80/b?x"));
            assertEquals(a, b);
            assertEquals(Endpoint.parse("tcp:example.com:80"), a.endpoint());
            assertNotEquals(a, c.keyFor(HttpRequest.get("http://example.com:8080/")));
        }
    }

    @Test
    void httpsKeysCarryTheWholeTlsPolicy() {
        try (HttpClient strict = client(HttpClient.newBuilder().trustedCasPem("CA-1"));
             HttpClient other = client(HttpClient.newBuilder().trustedCasPem("CA-2"))) {
            PoolKey k = strict.keyFor(HttpRequest.get("https://example.com/"));
            assertEquals("example.com", k.tls().orElseThrow().serverName());
            assertEquals("CA-1", k.tls().orElseThrow().trustedCasPem().orElseThrow());
            assertEquals(List.of("http/1.1"), k.tls().orElseThrow().alpn());
            assertNotEquals(k, other.keyFor(HttpRequest.get("https://example.com/")));
            assertNotEquals(k.tls(), strict.keyFor(HttpRequest.get("http://example.com:443/")).tls());
        }
    }

    @Test
    void withNoHttpProtocolPresentTheRequestFailsNamingIt() throws Exception {
        String name = "no-h1-" + System.nanoTime();
        try (var serverLoop = new dev.strand.core.net.loop.EventLoop();
             var listener = new LoopbackTransport().listen(Endpoint.parse("mem:" + name), serverLoop,
                link -> new dev.strand.api.transport.LinkHandler() {
                    @Override
                    public void onRead(dev.strand.api.transport.Link l, java.nio.ByteBuffer d) {
                    }

                    @Override
                    public void onClosed(dev.strand.api.transport.Link l, Throwable cause) {
                    }
                });
             HttpClient c = client(HttpClient.newBuilder().endpointResolver((s, h, p) -> Endpoint.parse("mem:" + name)))) {
            var f = c.send(HttpRequest.newBuilder(URI.create("http://origin.test/")).build());
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> f.get(10, TimeUnit.SECONDS));
            assertInstanceOf(NoSuchProtocolException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("'h1'"), e.getCause().getMessage());
        }
    }

    @Test
    void withoutALoopOfItsOwnTheClientRunsOnTheRegistrysPreferredLoopsAndLeavesThemRunning() throws Exception {
        Providers p = Providers.empty();
        p.addTransport(new LoopbackTransport());
        try (EventLoopGroup offered = new EventLoopGroup("offered", 1)) {
            p.addLoopGroup(offered);
            EventLoop only = offered.loops().get(0);
            HttpClient c = HttpClient.newBuilder().providers(p).build();
            assertEquals(only, c.loop());
            c.close();
            CompletableFuture<Boolean> stillRuns = new CompletableFuture<>();
            only.execute(() -> stillRuns.complete(only.inLoop()));
            assertTrue(stillRuns.get(5, TimeUnit.SECONDS), "closing the client must not stop a loop it did not make");
        }
    }

    @Test
    void withNoPreferredLoopsTheClientMakesItsOwnLoopAndStopsItOnClose() throws Exception {
        HttpClient c = client(HttpClient.newBuilder());
        EventLoop own = assertInstanceOf(EventLoop.class, c.loop());
        c.close();
        assertTrue(own.awaitTermination(5, TimeUnit.SECONDS));
        assertFalse(own.inLoop());
    }
}
