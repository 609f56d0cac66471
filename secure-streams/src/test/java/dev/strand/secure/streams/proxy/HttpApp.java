package dev.strand.secure.streams.proxy;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client application of an HTTP streamtype, through the proxy: on CREATING it sets its metadata
 * and asks for the onward transaction (with the body's length when it has one); on CONNECTED it
 * sends its body, SOM on the first chunk and EOM on the last, each chunk as full as the link's
 * frame allows. It records states, rx (with flags) and the metadata the proxy sent, read when the
 * first payload arrived. Thread-safe for the test thread.
 */
final class HttpApp implements StreamHandler {

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final byte[] body;
    final List<StreamState> states = new ArrayList<>();
    final List<Integer> rxFlags = new ArrayList<>();
    private final ByteArrayOutputStream rx = new ByteArrayOutputStream();
    final Map<String, String> seenAtFirstRx = new LinkedHashMap<>();
    volatile SecureStream stream;
    private int sent;
    private boolean sending;

    /** A GET-like transaction: no body. */
    HttpApp() {
        this(null);
    }

    /** A transaction that sends {@code body}, its length announced first. */
    HttpApp(byte[] body) {
        this.body = body;
    }

    HttpApp metadata(String name, String value) {
        metadata.put(name, value);
        return this;
    }

    @Override
    public synchronized StreamResult onState(SecureStream s, StreamState state, long ack) {
        stream = s;
        states.add(state);
        if (state == StreamState.CREATING) {
            metadata.forEach(s::setMetadata);
            if (body != null) {
                s.requestTx(body.length);
            } else {
                s.connect();
            }
        } else if (state == StreamState.CONNECTED && body != null && !sending) {
            sending = true;
            s.requestTx();
        }
        return StreamResult.OK;
    }

    @Override
    public synchronized StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
        if (body == null || sent >= body.length) {
            return StreamResult.TX_DONT_SEND;
        }
        ByteBuffer b = chunk.buffer();
        int n = Math.min(b.remaining(), body.length - sent);
        b.put(body, sent, n);
        chunk.flags((sent == 0 ? PayloadFlags.SOM : 0) | (sent + n == body.length ? PayloadFlags.EOM : 0));
        sent += n;
        if (sent < body.length) {
            s.requestTx();
        }
        return StreamResult.OK;
    }

    @Override
    public synchronized StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
        if (rxFlags.isEmpty()) {
            for (String name : List.of("srv", "test", "ctype")) {
                s.metadata(name).ifPresent(v -> seenAtFirstRx.put(name, new String(v, StandardCharsets.ISO_8859_1)));
            }
        }
        rxFlags.add(flags);
        byte[] b = new byte[data.remaining()];
        data.get(b);
        rx.writeBytes(b);
        return StreamResult.OK;
    }

    synchronized List<StreamState> states() {
        return List.copyOf(states);
    }

    synchronized boolean saw(StreamState s) {
        return states.contains(s);
    }

    synchronized String rx() {
        return rx.toString(StandardCharsets.ISO_8859_1);
    }

    synchronized List<Integer> rxFlags() {
        return List.copyOf(rxFlags);
    }

    synchronized Map<String, String> seenAtFirstRx() {
        return Map.copyOf(seenAtFirstRx);
    }
}
