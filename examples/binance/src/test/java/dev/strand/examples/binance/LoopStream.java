package dev.strand.examples.binance;

import dev.strand.api.Loop;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamState;
import java.util.Optional;

/**
 * The stream a {@link BinanceClient} is handed in unit tests: it only has a loop (a fake-clock
 * one), which is all the client uses; the tests drive the callbacks themselves.
 */
final class LoopStream implements SecureStream {

    private final Loop loop;

    LoopStream(Loop loop) {
        this.loop = loop;
    }

    @Override
    public String streamType() {
        return BinanceClient.STREAMTYPE;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public StreamState state() {
        throw new UnsupportedOperationException("the client does not ask");
    }

    @Override
    public void requestTx() {
        throw new UnsupportedOperationException("the client never sends");
    }

    @Override
    public void requestTx(long totalLength) {
        throw new UnsupportedOperationException("the client never sends");
    }

    @Override
    public void connect() {
        throw new UnsupportedOperationException("the client never connects explicitly");
    }

    @Override
    public void setMetadata(String name, byte[] value) {
        throw new UnsupportedOperationException("the client sets no metadata");
    }

    @Override
    public Optional<byte[]> metadata(String name) {
        throw new UnsupportedOperationException("the client reads no metadata");
    }

    @Override
    public void startTimeout(int millis) {
        throw new UnsupportedOperationException("the client arms no stream timer");
    }

    @Override
    public void cancelTimeout() {
        throw new UnsupportedOperationException("the client arms no stream timer");
    }

    @Override
    public void addPeerTxCredit(int delta) {
        throw new UnsupportedOperationException("the client uses no manual flow control");
    }

    @Override
    public int estimatedPeerTxCredit() {
        throw new UnsupportedOperationException("the client uses no manual flow control");
    }

    @Override
    public String rideshare() {
        throw new UnsupportedOperationException("the client uses no rideshares");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the client never closes its stream");
    }
}
