package dev.strand.core.net.engine;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * An engine on a {@link ManualLoop} with the loopback transport, a {@link FakeProtocol} and a
 * {@code mem:} server that accepts links and holds them, so tests can close them from the server
 * side. Backoff jitter is zero, so delays are exact.
 */
final class EngineHarness implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    final ManualLoop loop = new ManualLoop();
    final FakeProtocol fake = new FakeProtocol();
    final Providers providers = Providers.empty();
    final String name = "engine-test-" + COUNTER.incrementAndGet() + "-" + System.nanoTime();
    final Endpoint endpoint = Endpoint.parse("mem:" + name);
    final List<Link> serverLinks = new ArrayList<>();
    final List<Listener> listeners = new ArrayList<>();
    final ConnectionEngine engine;

    EngineHarness() {
        this(EngineConfig.DEFAULT);
    }

    EngineHarness(EngineConfig config) {
        this(config, true);
    }

    EngineHarness(EngineConfig config, boolean listening) {
        providers.addTransport(new LoopbackTransport());
        providers.addProtocol(fake);
        if (listening) {
            listen(name);
        }
        RandomGenerator noJitter = () -> 0L;
        engine = new ConnectionEngine(loop, providers, config, noJitter);
    }

    void listen(String memName) {
        try {
            listeners.add(new LoopbackTransport().listen(Endpoint.parse("mem:" + memName), loop, link -> {
                serverLinks.add(link);
                return new LinkHandler() {
                    @Override
                    public void onRead(Link l, ByteBuffer data) {
                    }

                    @Override
                    public void onClosed(Link l, Throwable cause) {
                    }
                };
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PoolKey key() {
        return PoolKey.plain("test", endpoint, "fake");
    }

    Recorder submit(TestExchange exchange) {
        return submit(key(), exchange, ExchangeOptions.DEFAULT);
    }

    Recorder submit(PoolKey key, TestExchange exchange, ExchangeOptions options) {
        Recorder r = new Recorder();
        submit(key, exchange, options, r);
        return r;
    }

    ExchangeHandle submit(PoolKey key, TestExchange exchange, ExchangeOptions options, Recorder r) {
        return engine.submit(key, exchange, options, r);
    }

    void run() {
        loop.runPending();
    }

    /** The server side of the {@code i}-th accepted link closes it, as a server dropping a keep-alive connection. */
    void serverCloses(int i) {
        serverLinks.get(i).close();
        run();
    }

    /** The server side of the {@code i}-th accepted link resets it. */
    void serverResets(int i) {
        serverLinks.get(i).abort(new IOException("reset by test server"));
        run();
    }

    EngineStats stats() {
        return engine.stats();
    }

    @Override
    public void close() {
        engine.close();
        loop.runPending();
        listeners.forEach(Listener::close);
    }
}
