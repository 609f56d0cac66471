package dev.strand.core.net.sss;

import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An application for tests: records what its stream tells it and reacts as scripted. States are
 * recorded as {@code NAME} or {@code NAME/ack}; rx as the bytes plus one {@code len/flags} entry
 * per call.
 */
final class ScriptedApp implements StreamHandler {

    final List<StreamState> states = new ArrayList<>();
    final List<Long> acks = new ArrayList<>();
    final ByteArrayOutputStream rx = new ByteArrayOutputStream();
    final List<String> rxCalls = new ArrayList<>();
    final Map<StreamState, Function<SecureStream, StreamResult>> onState = new HashMap<>();
    BiFunction<SecureStream, Integer, StreamResult> onRx = (s, flags) -> StreamResult.OK;
    TxScript onTx = (s, chunk) -> StreamResult.TX_DONT_SEND;
    Function<ByteBuffer, Void> rxInspector = b -> null;

    /** What the application does in {@code onTx}. */
    interface TxScript {
        StreamResult tx(SecureStream stream, TxChunk chunk);
    }

    ScriptedApp on(StreamState state, Function<SecureStream, StreamResult> reaction) {
        onState.put(state, reaction);
        return this;
    }

    @Override
    public StreamResult onState(SecureStream stream, StreamState state, long ack) {
        states.add(state);
        acks.add(ack);
        Function<SecureStream, StreamResult> r = onState.get(state);
        return r == null ? StreamResult.OK : r.apply(stream);
    }

    @Override
    public StreamResult onRx(SecureStream stream, ByteBuffer data, int flags) {
        rxCalls.add(data.remaining() + "/" + flags);
        rxInspector.apply(data.duplicate());
        byte[] b = new byte[data.remaining()];
        data.get(b);
        rx.writeBytes(b);
        return onRx.apply(stream, flags);
    }

    @Override
    public StreamResult onTx(SecureStream stream, int ordinal, TxChunk chunk) {
        return onTx.tx(stream, chunk);
    }

    long count(StreamState s) {
        return states.stream().filter(x -> x.equals(s)).count();
    }
}
