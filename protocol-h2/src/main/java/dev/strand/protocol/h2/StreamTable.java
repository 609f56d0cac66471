package dev.strand.protocol.h2;

import dev.strand.api.protocol.Exchange;
import dev.strand.http.HttpExchange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open streams of one session, by identifier and by exchange, and the client stream
 * identifiers handed out so far (odd, ascending, RFC 9113 §5.1.1). Confined to the session's loop.
 */
final class StreamTable {

    private static final Comparator<H2Stream> BY_ID = Comparator.comparingInt(s -> s.id);

    private final Map<Integer, H2Stream> byId = new HashMap<>();
    private final Map<Exchange, H2Stream> byExchange = new IdentityHashMap<>();
    private int nextStreamId = 1;
    private int lastStreamId;

    /** A stream for {@code exchange} with the next identifier; not open until {@link #add}. */
    H2Stream create(HttpExchange exchange) {
        H2Stream s = new H2Stream(exchange);
        s.id = nextStreamId;
        nextStreamId += 2;
        lastStreamId = s.id;
        return s;
    }

    void add(H2Stream s) {
        byId.put(s.id, s);
        byExchange.put(s.exchange, s);
    }

    void remove(H2Stream s) {
        byId.remove(s.id);
        byExchange.remove(s.exchange);
    }

    /** How many more streams this connection can ever open. */
    long identifiersLeft() {
        return ((long) H2Wire.MAX_STREAM_ID - nextStreamId) / 2 + 1;
    }

    /** The open stream of {@code exchange}, or {@code null}. */
    H2Stream of(Exchange exchange) {
        return byExchange.get(exchange);
    }

    /** Whether {@code s} is still the open stream of its exchange (a callback may have ended it). */
    boolean isOpen(H2Stream s) {
        return byExchange.get(s.exchange) == s;
    }

    /** The open stream {@code streamId}, or {@code null}. */
    H2Stream byId(int streamId) {
        return byId.get(streamId);
    }

    /**
     * The open stream {@code streamId}, or {@code null} for one that was closed (frames may still
     * arrive for it and are ignored). A stream this side never opened is a connection error.
     */
    H2Stream existing(int streamId, String frame) throws Http2Error {
        H2Stream s = byId.get(streamId);
        if (s == null && ((streamId & 1) == 0 || streamId > lastStreamId)) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, frame + " on idle stream " + streamId);
        }
        return s;
    }

    int size() {
        return byExchange.size();
    }

    boolean isEmpty() {
        return byExchange.isEmpty();
    }

    /** Every open stream, in no particular order. */
    Collection<H2Stream> all() {
        return byId.values();
    }

    /** Every open stream, lowest identifier first. */
    List<H2Stream> inIdOrder() {
        List<H2Stream> list = new ArrayList<>(byExchange.values());
        list.sort(BY_ID);
        return list;
    }

    /** The open streams above {@code lastStreamId}, lowest identifier first. */
    List<H2Stream> above(int lastStreamId) {
        List<H2Stream> list = new ArrayList<>();
        for (H2Stream s : byId.values()) {
            if (s.id > lastStreamId) {
                list.add(s);
            }
        }
        list.sort(BY_ID);
        return list;
    }
}
