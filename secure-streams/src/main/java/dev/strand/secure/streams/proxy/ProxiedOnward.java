package dev.strand.secure.streams.proxy;

import dev.strand.api.ss.StreamState;
import dev.strand.core.net.sss.OnwardListener;
import dev.strand.core.net.sss.OnwardStream;
import dev.strand.secure.streams.local.LocalStream;
import dev.strand.secure.streams.local.StreamEvents;
import java.nio.ByteBuffer;

/**
 * Adapts a {@link LocalStream} to the SSS terminal: the client's requests go to the stream, the
 * stream's states and payload to the terminal's {@link OnwardListener}. Confined to the link's loop.
 */
final class ProxiedOnward implements OnwardStream, StreamEvents {

    private final OnwardListener listener;
    private LocalStream stream;

    ProxiedOnward(OnwardListener listener) {
        this.listener = listener;
    }

    void attach(LocalStream s) {
        this.stream = s;
    }

    // ---- from the client

    @Override
    public void connect() {
        stream.connect();
    }

    @Override
    public boolean write(ByteBuffer piece, int flags) {
        return stream.write(piece, flags);
    }

    @Override
    public boolean setMetadata(String name, byte[] value) {
        return stream.setMetadata(name, value);
    }

    @Override
    public void startTimeout(long millis) {
        stream.startTimeout(millis);
    }

    @Override
    public void cancelTimeout() {
        stream.cancelTimeout();
    }

    @Override
    public void lengthHint(long length) {
        stream.lengthHint(length);
    }

    @Override
    public void addPeerTxCredit(int delta) {
        // only h2 has peer credit; raw has none to grant
    }

    @Override
    public void setReading(boolean on) {
        stream.setReading(on);
    }

    @Override
    public void close() {
        stream.destroy();
    }

    // ---- from the stream

    @Override
    public void onState(StreamState state, long ack) {
        listener.onState(state, ack);
    }

    @Override
    public void onRx(ByteBuffer data, int flags) {
        listener.onRx(data, flags, null);
    }

    @Override
    public void onRxMetadata(String name, byte[] value) {
        listener.onRxMetadata(name, value);
    }

    @Override
    public void onWritableAgain() {
        listener.onWritableAgain();
    }
}
