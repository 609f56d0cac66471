package dev.strand.core.net.sss;

import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's own end of a link, speaking raw bytes: what the other side wrote piles up in
 * {@link #received}, and the test writes whatever it likes with {@link #send}. As an acceptor it
 * takes every link offered (the latest is {@link #link}); it counts accepted links.
 */
final class RawPeer implements LinkHandler, LinkAcceptor {

    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<Link> links = new ArrayList<>();
    Link link;
    boolean closed;
    Throwable closeCause;

    @Override
    public LinkHandler accept(Link l) {
        return this;
    }

    @Override
    public void onOpen(Link l) {
        link = l;
        links.add(l);
        received.reset();
        closed = false;
        closeCause = null;
    }

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (l == link) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.writeBytes(b);
        } else {
            data.position(data.limit());
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (l == link) {
            closed = true;
            closeCause = cause;
        }
    }

    void send(byte[] bytes) {
        link.write(ByteBuffer.wrap(bytes));
    }

    void send(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        send(b);
    }

    byte[] bytes() {
        return received.toByteArray();
    }
}
