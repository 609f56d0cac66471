package dev.strand.transport.uart;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.testing.LinkContract;
import dev.strand.core.net.testing.LinkPair;
import dev.strand.core.net.testing.LinkRecorder;
import dev.strand.core.net.testing.SocatPair;

/** The link contract over a real pty pair: a stopped socat is a stalled path. */
class UartLinkContractTest extends LinkContract {

    @Override
    protected LinkPair open() throws Exception {
        SocatPair pty = new SocatPair();
        EventLoop loop = new EventLoop("uart-contract");
        UartTransport uart = new UartTransport();
        LinkRecorder ra = new LinkRecorder();
        LinkRecorder rb = new LinkRecorder();
        uart.connect(Endpoint.parse("uart:" + pty.deviceA()), ConnectOptions.DEFAULT, loop, ra);
        uart.connect(Endpoint.parse("uart:" + pty.deviceB()), ConnectOptions.DEFAULT, loop, rb);
        return new LinkPair(ra.awaitOpen(WAIT), ra, rb.awaitOpen(WAIT), rb) {
            @Override
            public void stall() throws Exception {
                pty.stop();
            }

            @Override
            public void resume() throws Exception {
                pty.resume();
            }

            @Override
            public boolean closePropagates() {
                return false;
            }

            @Override
            public void close() throws Exception {
                run(a, () -> a.abort(new java.io.IOException("test over")));
                run(b, () -> b.abort(new java.io.IOException("test over")));
                loop.close();
                pty.close();
            }
        };
    }
}
