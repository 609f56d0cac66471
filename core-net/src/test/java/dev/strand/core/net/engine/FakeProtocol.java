package dev.strand.core.net.engine;

import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import java.util.ArrayList;
import java.util.List;

/**
 * A protocol the test drives by hand: its sessions take exchanges up to a capacity, and the test
 * completes, fails, drains and closes them. Records every session it opens.
 */
final class FakeProtocol implements ProtocolOps {

    private final String name;
    private final List<String> alpn;
    final List<FakeSession> sessions = new ArrayList<>();
    int capacity = 1;
    boolean readyAtOpen = true;

    FakeProtocol(String name, List<String> alpn) {
        this.name = name;
        this.alpn = alpn;
    }

    FakeProtocol() {
        this("fake", List.of("fake/1"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> alpnIds() {
        return alpn;
    }

    @Override
    public ProtocolSession open(Link link, SessionListener listener) {
        FakeSession s = new FakeSession(this, link, listener, capacity, readyAtOpen);
        sessions.add(s);
        return s;
    }

    FakeSession session(int i) {
        return sessions.get(i);
    }

    FakeSession last() {
        return sessions.get(sessions.size() - 1);
    }
}
