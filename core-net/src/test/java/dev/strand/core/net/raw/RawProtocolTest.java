package dev.strand.core.net.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.protocol.Exchange;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.engine.ConnectionEngine;
import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.engine.ExchangeHandle;
import dev.strand.core.net.engine.ExchangeObserver;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.retry.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code raw} protocol on the connection engine: each raw exchange gets a link of its own, as a
 * byte stream, and the link leaves the pool with it. Runs over in-JVM links on a fake clock.
 */
class RawProtocolTest {

    private final ManualLoop loop = new ManualLoop();
    private final Providers providers = Providers.empty();
    private final Endpoint endpoint = Endpoint.parse("mem:raw-test-" + System.nanoTime());
    private final List<Link> serverLinks = new ArrayList<>();
    private final ByteArrayOutputStream serverRx = new ByteArrayOutputStream();
    private final ConnectionEngine engine;
    private Listener listener;
    private String greeting;

    RawProtocolTest() {
        providers.addTransport(new LoopbackTransport());
        providers.addProtocol(new RawProtocol());
        engine = new ConnectionEngine(loop, providers, EngineConfig.DEFAULT.withRetry(RetryPolicy.NONE), () -> 0L);
    }

    @AfterEach
    void stop() {
        engine.close();
        loop.runPending();
        if (listener != null) {
            listener.close();
        }
    }

    private void serverUp() throws IOException {
        listener = new LoopbackTransport().listen(endpoint, loop, l -> new LinkHandler() {
            @Override
            public void onOpen(Link link) {
                serverLinks.add(link);
                if (greeting != null) {
                    link.write(ByteBuffer.wrap(greeting.getBytes(StandardCharsets.US_ASCII)));
                }
            }

            @Override
            public void onRead(Link link, ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                serverRx.writeBytes(b);
            }

            @Override
            public void onClosed(Link link, Throwable cause) {
                serverLinks.remove(link);
            }
        });
    }

    private Owner submit() {
        Owner o = new Owner();
        o.handle = engine.submit(PoolKey.plain("raw", endpoint, RawProtocol.NAME), new RawExchange(o),
                ExchangeOptions.DEFAULT, o);
        return o;
    }

    @Test
    void theProtocolIsCoreNetsOwnAndFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(dev.strand.api.protocol.ProtocolOps.class).stream()
                .anyMatch(p -> p.type() == RawProtocol.class), "core-net provides raw");
        assertEquals("raw", new RawProtocol().name());
        assertEquals(List.of(), new RawProtocol().alpnIds());
    }

    @Test
    void anExchangeGetsTheLinkAsAByteStreamInBothDirections() throws IOException {
        serverUp();
        Owner o = submit();
        loop.runPending();
        assertNotNull(o.link, "the owner has the link");
        assertEquals(List.of("completed", "open"), o.events, "the engine is done with it at the hand-over");
        o.link.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
        serverLinks.get(0).write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
        loop.runPending();
        assertEquals("ping", serverRx.toString(StandardCharsets.US_ASCII));
        assertEquals("pong", o.rx.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void whatTheServerSaysBeforeTheHandOverIsNotLost() throws IOException {
        greeting = "hello first";
        serverUp();
        Owner o = submit();
        loop.runPending();
        assertEquals("hello first", o.rx.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void everyExchangeGetsItsOwnConnectionAndTheLinkNeverReturnsToThePool() throws IOException {
        serverUp();
        Owner a = submit();
        Owner b = submit();
        loop.runPending();
        assertNotNull(a.link);
        assertNotNull(b.link);
        assertTrue(a.link != b.link);
        assertEquals(2, serverLinks.size());
        assertEquals(2, engine.stats().openConnections());
        a.link.close();
        loop.runPending();
        assertEquals(List.of("completed", "open", "closed"), a.events);
        assertEquals(1, engine.stats().openConnections(), "the owner's close ends the connection");
        assertEquals(1, serverLinks.size());
    }

    @Test
    void theServerClosingTheLinkReachesTheOwner() throws IOException {
        serverUp();
        Owner o = submit();
        loop.runPending();
        serverLinks.get(0).close();
        loop.runPending();
        assertEquals(List.of("completed", "open", "closed"), o.events);
        assertEquals(0, engine.stats().openConnections());
    }

    @Test
    void noListenerFailsTheExchangeAndTheOwnerNeverSeesALink() {
        Owner o = submit();
        loop.runPending();
        assertNull(o.link);
        assertEquals(List.of("failed"), o.events);
        assertInstanceOf(ConnectException.class, o.failure.getCause() == null ? o.failure : o.failure.getCause(),
                o.failure.toString());
    }

    @Test
    void cancellingBeforeTheHandOverClosesTheLinkAndTouchesNoOtherExchange() throws IOException {
        serverUp();
        Owner a = submit();
        Owner b = submit();
        a.handle.cancel();
        loop.runPending();
        assertEquals(List.of("failed"), a.events);
        assertInstanceOf(CancellationException.class, a.failure);
        assertEquals(List.of("completed", "open"), b.events);
        assertEquals(1, serverLinks.size());
    }

    @Test
    void aSessionCarriesRawExchangesOnly() throws IOException {
        serverUp();
        Owner o = submit();
        loop.runPending();
        RawSession s = new RawSession(o.link, new NoListener());
        Exchange other = () -> true;
        assertThrows(IllegalArgumentException.class, () -> s.bind(other));
    }

    /** The exchange's owner: the engine's observer and the link's handler after the hand-over. */
    private static final class Owner implements ExchangeObserver, LinkHandler {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream rx = new ByteArrayOutputStream();
        ExchangeHandle handle;
        Link link;
        Throwable failure;

        @Override
        public void onCompleted() {
            events.add("completed");
        }

        @Override
        public void onFailed(Throwable cause) {
            failure = cause;
            events.add("failed");
        }

        @Override
        public void onOpen(Link l) {
            link = l;
            events.add("open");
        }

        @Override
        public void onRead(Link l, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            rx.writeBytes(b);
        }

        @Override
        public void onClosed(Link l, Throwable cause) {
            events.add("closed");
        }
    }

    private static final class NoListener implements dev.strand.api.protocol.SessionListener {
        @Override
        public void onReady(dev.strand.api.protocol.ProtocolSession session) {
        }

        @Override
        public void onCapacityChanged(dev.strand.api.protocol.ProtocolSession session) {
        }

        @Override
        public void onExchangeCompleted(dev.strand.api.protocol.ProtocolSession session, Exchange exchange) {
        }

        @Override
        public void onExchangeFailed(dev.strand.api.protocol.ProtocolSession session, Exchange exchange,
                                     Throwable cause, dev.strand.api.protocol.ReplayClass replay) {
        }

        @Override
        public void onDraining(dev.strand.api.protocol.ProtocolSession session) {
        }

        @Override
        public void onClosed(dev.strand.api.protocol.ProtocolSession session, Throwable cause) {
        }
    }
}
