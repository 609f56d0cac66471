package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.mux.internal.MuxWire;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mux session under test on one end of a real {@code mem:} link, and the test on the other end
 * speaking raw wire bytes, all on one {@link ManualLoop}: the test plays the lws peer byte by byte.
 */
final class WireEnd implements LinkHandler, AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    final ManualLoop loop;
    final Session session;
    final List<ChannelProbe> accepted = new ArrayList<>();
    /** If set, the handler the acceptor gives the next channel. */
    ChannelProbe nextProbe;
    private final ByteArrayOutputStream fromSession = new ByteArrayOutputStream();
    private final Listener listener;
    Link raw;
    /** Server mode: the session's end of the underlying link. */
    Link sessionLink;
    boolean rawClosed;

    private WireEnd(ManualLoop loop, boolean client, MuxSettings settings) throws Exception {
        this.loop = loop;
        LoopbackTransport mem = new LoopbackTransport();
        Endpoint ep = Endpoint.parse("mem:wire-" + COUNTER.incrementAndGet() + "-" + System.nanoTime());
        if (client) {
            session = Session.client(loop, settings, Session.Observer.NONE, ep.toString());
            listener = mem.listen(ep, loop, link -> this);
            mem.connect(ep, ConnectOptions.DEFAULT, loop, session);
        } else {
            session = Session.server(loop, settings, link -> {
                ChannelProbe p = nextProbe != null ? nextProbe : new ChannelProbe();
                nextProbe = null;
                accepted.add(p);
                return p;
            }, Session.Observer.NONE, ep.toString());
            listener = mem.listen(ep, loop, link -> {
                sessionLink = link;
                return session;
            });
            mem.connect(ep, ConnectOptions.DEFAULT, loop, this);
        }
        loop.runPending();
        loop.advance(Duration.ZERO);
        assertTrue(raw != null && raw.isOpen(), "raw end open");
    }

    static WireEnd server(MuxSettings settings) throws Exception {
        return new WireEnd(new ManualLoop(), false, settings);
    }

    static WireEnd client(MuxSettings settings) throws Exception {
        return new WireEnd(new ManualLoop(), true, settings);
    }

    static WireEnd server(ManualLoop loop, MuxSettings settings) throws Exception {
        return new WireEnd(loop, false, settings);
    }

    static WireEnd client(ManualLoop loop, MuxSettings settings) throws Exception {
        return new WireEnd(loop, true, settings);
    }

    static WireEnd server() throws Exception {
        return server(MuxSettings.DEFAULT);
    }

    static WireEnd client() throws Exception {
        return client(MuxSettings.DEFAULT);
    }

    /** Sends wire bytes to the session, in one write, and lets everything run. */
    void send(byte[] bytes) {
        raw.write(ByteBuffer.wrap(bytes));
        loop.runPending();
    }

    void send(String hex) {
        send(Hex.bytes(hex));
    }

    /** Everything the session wrote since the last call. */
    byte[] take() {
        loop.runPending();
        byte[] b = fromSession.toByteArray();
        fromSession.reset();
        return b;
    }

    String takeHex() {
        return Hex.of(take());
    }

    void advance(Duration d) {
        loop.advance(d);
    }

    void advanceMillis(long ms) {
        loop.advanceMillis(ms);
    }

    /**
     * Completes the session's first three-way PING as an lws peer would: answers its PING, then
     * the session sends PONGACK and is up. Returns the session's PING time.
     */
    long bringUp() {
        byte[] ping = take();
        assertEquals("F9 F6", Hex.of(java.util.Arrays.copyOf(ping, 2)), "RESET + PING first: " + Hex.of(ping));
        assertEquals(1 + MuxWire.PING_SIZE, ping.length);
        long t = Hex.be64(ping, 2);
        send(Hex.concat(new byte[] {(byte) MuxWire.PONG}, Hex.be64(t), Hex.be64(loop.monotonicMicros())));
        byte[] ack = take();
        assertEquals(MuxWire.PONGACK_SIZE, ack.length, Hex.of(ack));
        assertEquals((byte) MuxWire.PONGACK, ack[0]);
        assertTrue(session.isLinkUp(), "link up after PONGACK");
        return t;
    }

    /** Client: asks for a channel and returns its probe (open once the test ACKs it). */
    ChannelProbe requestChannel() {
        ChannelProbe p = new ChannelProbe();
        session.submit(session.newRequest(p), Duration.ofSeconds(10));
        loop.runPending();
        return p;
    }

    /** Client: asks for a channel, checks its REQ and acknowledges it. */
    ChannelProbe openChannel(int expectedIndex) {
        ChannelProbe p = requestChannel();
        assertEquals(String.format("F0 %02X", expectedIndex), takeHex());
        send(String.format("F1 %02X", expectedIndex));
        assertTrue(p.link != null && p.link.isOpen(), "channel open after ACK");
        return p;
    }

    /** Server: the peer asks for channel {@code index}; checks the ACK and returns the accepted channel. */
    ChannelProbe acceptChannel(int index) {
        int before = accepted.size();
        send(String.format("F0 %02X", index));
        assertEquals(String.format("F1 %02X", index), takeHex());
        assertEquals(before + 1, accepted.size(), "channel offered to the acceptor");
        return accepted.get(before);
    }

    @Override
    public void onOpen(Link link) {
        raw = link;
    }

    @Override
    public void onRead(Link link, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        fromSession.writeBytes(b);
    }

    @Override
    public void onClosed(Link link, Throwable cause) {
        rawClosed = true;
    }

    @Override
    public void close() {
        listener.close();
    }
}
