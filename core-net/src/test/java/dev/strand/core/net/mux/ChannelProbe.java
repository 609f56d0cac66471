package dev.strand.core.net.mux;

import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A channel's handler that records everything it is told. */
class ChannelProbe implements LinkHandler {

    Link link;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<Throwable> closes = new ArrayList<>();
    boolean closed;
    Throwable connectFailure;
    int writableEvents;
    int opens;

    @Override
    public void onOpen(Link l) {
        link = l;
        opens++;
    }

    @Override
    public void onRead(Link l, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        received.writeBytes(b);
    }

    @Override
    public void onWritable(Link l) {
        writableEvents++;
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        closed = true;
        closes.add(cause);
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        connectFailure = cause;
    }

    MuxChannel channel() {
        return (MuxChannel) link;
    }

    void write(byte[] data) {
        link.write(ByteBuffer.wrap(data));
    }

    byte[] take() {
        byte[] b = received.toByteArray();
        received.reset();
        return b;
    }

    Throwable closeCause() {
        return closes.isEmpty() ? null : closes.get(closes.size() - 1);
    }
}
