package dev.strand.transport.uart;

import dev.strand.core.net.testing.LinkContract;
import dev.strand.core.net.testing.LinkPair;
import dev.strand.core.net.testing.LinkRecorder;

/** The link contract for mux channels over a real pty pair: a stopped socat is a stalled path. */
class MuxOverUartLinkContractTest extends LinkContract {

    @Override
    protected LinkPair open() throws Exception {
        MuxOverPty m = new MuxOverPty("ping=10s&grace=2s", false);
        LinkRecorder ra = new LinkRecorder();
        m.serverChannels.clear();
        dev.strand.api.transport.Link a = m.open(ra);
        LinkRecorder.Await.until(() -> !m.serverChannels.isEmpty(), WAIT, () -> "server channel");
        LinkRecorder rb = m.serverChannels.get(0);
        return new LinkPair(a, ra, rb.awaitOpen(WAIT), rb) {
            @Override
            public void stall() throws Exception {
                m.pty.stop();
            }

            @Override
            public void resume() throws Exception {
                m.pty.resume();
            }

            @Override
            public boolean closePropagates() {
                return true;
            }

            @Override
            public void close() throws Exception {
                m.close();
            }
        };
    }
}
