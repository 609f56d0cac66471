package dev.strand.core.net.mux;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.testing.LinkContract;
import dev.strand.core.net.testing.LinkPair;
import dev.strand.core.net.testing.LinkRecorder;
import dev.strand.core.net.testing.Relay;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The link contract for mux channels: a client channel over {@code mux+mem:} through a relay
 * (which stalls the path on demand) to a server session, on real loops.
 */
class MuxChannelContractTest extends LinkContract {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    protected LinkPair open() throws Exception {
        EventLoop loop = new EventLoop("mux-contract");
        LoopbackTransport mem = new LoopbackTransport();
        Providers providers = Providers.empty();
        providers.addTransport(mem);
        MuxTransport mux = new MuxTransport(providers);
        int n = COUNTER.incrementAndGet();
        Endpoint server = Endpoint.parse("mem:mux-contract-server-" + n);
        Endpoint relayed = Endpoint.parse("mem:mux-contract-relay-" + n);
        LinkRecorder ra = new LinkRecorder();
        LinkRecorder rb = new LinkRecorder();
        Listener listener = mux.listen(Endpoint.parse("mux+" + server), loop, link -> rb);
        Relay relay = new Relay(mem, relayed, server, loop);
        mux.connect(Endpoint.parse("mux+" + relayed), ConnectOptions.DEFAULT, loop, ra);
        return new LinkPair(ra.awaitOpen(WAIT), ra, rb.awaitOpen(WAIT), rb) {
            @Override
            public void stall() {
                relay.stall();
            }

            @Override
            public void resume() {
                relay.resume();
            }

            @Override
            public boolean closePropagates() {
                return true;
            }

            @Override
            public void close() {
                mux.close();
                relay.close();
                listener.close();
                loop.close();
            }
        };
    }
}
