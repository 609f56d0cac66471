package dev.strand.core.net.loopback;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.testing.LinkContract;
import dev.strand.core.net.testing.LinkPair;
import dev.strand.core.net.testing.LinkRecorder;
import java.util.concurrent.atomic.AtomicInteger;

/** The link contract over the in-JVM loopback transport. */
class MemLinkContractTest extends LinkContract {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    protected LinkPair open() throws Exception {
        EventLoop loop = new EventLoop("mem-contract");
        LoopbackTransport mem = new LoopbackTransport();
        Endpoint ep = Endpoint.parse("mem:contract-" + COUNTER.incrementAndGet());
        LinkRecorder ra = new LinkRecorder();
        LinkRecorder rb = new LinkRecorder();
        Listener listener = mem.listen(ep, loop, link -> rb);
        mem.connect(ep, ConnectOptions.DEFAULT, loop, ra);
        return new LinkPair(ra.awaitOpen(WAIT), ra, rb.awaitOpen(WAIT), rb) {
            @Override
            public void stall() throws Exception {
                run(b, () -> b.setReading(false));
            }

            @Override
            public void resume() throws Exception {
                run(b, () -> b.setReading(true));
            }

            @Override
            public boolean closePropagates() {
                return true;
            }

            @Override
            public void close() {
                listener.close();
                loop.close();
            }
        };
    }
}
