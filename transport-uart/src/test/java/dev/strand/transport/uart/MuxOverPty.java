package dev.strand.transport.uart;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.mux.MuxTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.testing.LinkRecorder;
import dev.strand.core.net.testing.SocatPair;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Strand client mux over {@code uart:} on one end of a socat pty pair and a Strand server mux
 * over {@code uart:} on the other, resolved through a provider registry as an application would.
 * Server channels echo what they receive and remember it.
 */
final class MuxOverPty implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    final SocatPair pty;
    final EventLoop clientLoop = new EventLoop("mux-pty-client");
    final EventLoop serverLoop = new EventLoop("mux-pty-server");
    final MuxTransport mux;
    final List<LinkRecorder> serverChannels = new CopyOnWriteArrayList<>();
    final Listener listener;
    final String params;

    MuxOverPty(String muxParams) throws Exception {
        this(muxParams, true);
    }

    /** With {@code echo} false, server channels only record what they receive. */
    MuxOverPty(String muxParams, boolean echo) throws Exception {
        pty = new SocatPair();
        params = muxParams;
        Providers providers = Providers.empty();
        providers.addTransport(new UartTransport());
        providers.addTransport(new LoopbackTransport());
        mux = new MuxTransport(providers);
        providers.addTransport(mux);
        listener = mux.listen(Endpoint.parse("mux+uart:" + pty.deviceB() + "?poll=50ms&" + muxParams), serverLoop,
                link -> {
                    LinkRecorder r = echo ? new Echo() : new LinkRecorder();
                    serverChannels.add(r);
                    return r;
                });
    }

    Endpoint clientEndpoint() {
        return Endpoint.parse("mux+uart:" + pty.deviceA() + "?baud=2000000&" + params);
    }

    /** Opens a channel from the client side and waits until it is open. */
    Link open(LinkRecorder r) throws Exception {
        mux.connect(clientEndpoint(), ConnectOptions.DEFAULT.withConnectTimeout(WAIT), clientLoop, r);
        return r.awaitOpen(WAIT);
    }

    static void write(Link link, byte[] data) {
        link.loop().execute(() -> link.write(ByteBuffer.wrap(data)));
    }

    @Override
    public void close() throws Exception {
        listener.close();
        mux.close();
        Thread.sleep(50);
        clientLoop.close();
        serverLoop.close();
        pty.close();
    }

    /** Echoes every byte back on the same channel, and records it. */
    static final class Echo extends LinkRecorder {
        @Override
        public void onRead(Link link, ByteBuffer data) {
            ByteBuffer copy = data.duplicate();
            super.onRead(link, data);
            link.write(copy);
        }
    }
}
