package dev.strand.core.net.sss;

import dev.strand.api.Loop;
import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's terminal for one client link (wire.md §2.3): waits for STREAMTYPE, creates the
 * onward stream, answers CREATE_RESULT, then relays. Confined to the link's loop.
 *
 * <p>What it does where lws does something else:
 * <ul>
 *   <li>TIMEOUT_UPDATE before STREAMTYPE (HEAD clients send it first) is kept and applied once
 *       the onward stream exists, instead of being dropped.</li>
 *   <li>Client payload the onward stream cannot take yet stops the terminal reading the client
 *       link ({@link Link#setReading}) until the onward stream says it can take more, instead of
 *       hanging up on the client when a buffer fills. At most the rest of one read overshoots.</li>
 *   <li>P→C frames queued above the onward stream's {@code rxflow_on_above} pause the onward
 *       stream's reading; below {@code rxflow_off_below} it resumes. There is no "drop the stream
 *       when the buffer is full".</li>
 *   <li>The onward stream moves by lws HEAD's table, but only sequences every lws client accepts
 *       are forwarded: the seed column of {@link StateTransitions}, which seed-era clients (and
 *       HEAD's standalone sspc build) enforce. A HEAD-only edge goes out bridged through the
 *       states it skipped, or is dropped where nothing faithful bridges it ({@link SeedBridges});
 *       the lws proxy forwards the onward states as they are, which a seed client may refuse.
 *       An onward move HEAD's table refuses is not forwarded (and logged);
 *       {@code EVENT_WAIT_CANCELLED} and local-only states are never forwarded.</li>
 *   <li>Rx metadata an lws client would refuse (empty, name over 30 bytes, frame over 1580
 *       bytes) is dropped with a warning rather than sent or answered with a hang-up.</li>
 *   <li>Rx payload goes out in frames of at most 1380 bytes, so every frame keeps its boundary
 *       at an lws client's application.</li>
 * </ul>
 */
final class ProxyConn implements LinkHandler, ProxyFrameSink, OnwardListener {

    private static final Logger LOG = LoggerFactory.getLogger(SssProxy.class);

    private enum Phase { AWAITING_STREAMTYPE, REPORTING_FAIL, REPORTING_OK, OPERATIONAL, CLOSED }

    private final Link link;
    private final Loop loop;
    private final OnwardStreamFactory factory;
    private final SssLinkProfile profile;
    private final int rxFrameLimit;
    private final ProxyFrameDecoder decoder = new ProxyFrameDecoder(this);
    private final OutboundQueue queue = new OutboundQueue(2048);
    private final ByteBuffer control = ByteBuffer.allocate(SssWire.PROXY_METADATA_LIMIT);
    private final Map<String, byte[]> rxMetadata = new LinkedHashMap<>();

    private Phase phase = Phase.AWAITING_STREAMTYPE;
    private String streamType = "";
    private OnwardStream onward;
    private int rxFlowOnAbove = OnwardCreation.DEFAULT_RX_FLOW_ON_ABOVE;
    private int rxFlowOffBelow = OnwardCreation.DEFAULT_RX_FLOW_OFF_BELOW;
    private long clientBufLen;
    private List<String> rideshareList = List.of();
    private long earlyTimeout = -1;
    private StreamState onwardState = StreamState.UNSET;
    private StreamState lastForwarded = StreamState.UNSET;
    private boolean onwardPaused;
    private boolean clientPaused;
    private boolean closeWhenFlushed;
    private Loop.Scheduled deadline;

    ProxyConn(Link link, OnwardStreamFactory factory, SssLinkProfile profile, int rxFrameLimit) {
        this.link = link;
        this.loop = link.loop();
        this.factory = factory;
        this.profile = profile;
        this.rxFrameLimit = rxFrameLimit;
    }

    // ---- link events

    @Override
    public void onOpen(Link l) {
        profile.handshakeDeadline().ifPresent(d ->
                deadline = loop.schedule(this::handshakeExpired, d.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (phase == Phase.CLOSED || phase == Phase.REPORTING_FAIL || closeWhenFlushed) {
            data.position(data.limit());
            return;
        }
        try {
            decoder.feed(data);
        } catch (SssProtocolException e) {
            fail(e.getMessage(), e);
        } catch (RuntimeException e) {
            fail("the onward stream of '" + streamType + "' failed: " + e, e);
        }
    }

    @Override
    public void onWritable(Link l) {
        switch (phase) {
            case REPORTING_FAIL -> {
                control.clear();
                SssEncoder.createResult(control, SssWire.CREATE_FAILED, 0, List.of());
                link.write(control.flip());
                shutdown();
                link.close();
            }
            case REPORTING_OK -> {
                control.clear();
                SssEncoder.createResult(control, SssWire.CREATE_OK, clientBufLen, rideshareList);
                link.write(control.flip());
                phase = Phase.OPERATIONAL;
                cancelDeadline();
                flush();
            }
            case OPERATIONAL -> flush();
            default -> {
            }
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (phase != Phase.CLOSED) {
            LOG.debug("{}: client link of '{}' closed ({})", link.peer(), streamType, cause == null ? "orderly" : cause);
            shutdown();
        }
    }

    // ---- frames from the client

    @Override
    public void onFrameStart(SssFrameType type, int rem) throws SssProtocolException {
        switch (type) {
            case STREAMTYPE -> {
                if (phase != Phase.AWAITING_STREAMTYPE) {
                    throw new SssProtocolException(type, "a second STREAMTYPE on one link (link state " + phase + ")");
                }
            }
            case ONWARD_CONNECT, TX_PAYLOAD -> {
                if (phase != Phase.OPERATIONAL) {
                    throw new SssProtocolException(type, "before CREATE_RESULT was sent (link state " + phase + ")");
                }
            }
            case TX_METADATA -> {
                if (phase == Phase.AWAITING_STREAMTYPE) {
                    throw new SssProtocolException(type, "before STREAMTYPE");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onStreamType(long clientPid, int initialTxCredit, String name) {
        streamType = name;
        OnwardCreation creation;
        try {
            creation = factory.create(new OnwardRequest(name, clientPid, initialTxCredit, link.peer(), loop), this);
        } catch (RuntimeException e) {
            creation = OnwardCreation.refused("the onward factory failed: " + e);
        }
        if (creation instanceof OnwardCreation.Created created) {
            onward = closeWhenFlushed ? null : created.stream();
            clientBufLen = created.clientBufLen();
            rxFlowOnAbove = created.rxFlowOnAbove();
            rxFlowOffBelow = created.rxFlowOffBelow();
            rideshareList = rideshareList(name, created.rideshares());
            phase = Phase.REPORTING_OK;
            if (earlyTimeout >= 0 && onward != null) {
                applyTimeout(earlyTimeout);
            }
        } else {
            LOG.warn("{}: streamtype '{}' refused ({}); answering CREATE_RESULT failure and closing the link",
                    link.peer(), name, ((OnwardCreation.Refused) creation).reason());
            phase = Phase.REPORTING_FAIL;
        }
        link.requestWrite();
    }

    @Override
    public void onOnwardConnect() {
        onward.connect();
    }

    @Override
    public void onDestroying() {
        LOG.debug("{}: client sent DESTROYING; closing the link", link.peer());
        shutdown();
        link.close();
    }

    @Override
    public void onTxPayloadStart(int flags, int holdMicros, long micros, String rideshare, int length) {
        // the pieces carry what the onward stream needs; a TX rideshare name has no meaning onward
    }

    @Override
    public void onTxPayloadPiece(ByteBuffer piece, int flags) {
        if (!onward.write(piece, flags) && !clientPaused) {
            clientPaused = true;
            link.setReading(false);
        }
    }

    @Override
    public void onTxMetadata(String name, byte[] value) throws SssProtocolException {
        if (onward != null && !onward.setMetadata(name, value)) {
            throw new SssProtocolException(SssFrameType.TX_METADATA, "metadata name '" + name
                    + "' is not in the policy of streamtype '" + streamType + "'");
        }
    }

    @Override
    public void onTxCredit(int delta) {
        if (onward != null) {
            onward.addPeerTxCredit(delta);
        }
    }

    @Override
    public void onTimeoutUpdate(long millis) {
        if (onward == null) {
            earlyTimeout = millis;
        } else {
            applyTimeout(millis);
        }
    }

    @Override
    public void onPayloadLengthHint(long length) {
        if (onward != null) {
            onward.lengthHint(length);
        }
    }

    // ---- reports from the onward stream

    @Override
    public void onState(StreamState state, long ordinal) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (state == StreamState.DESTROYING) {
            onward = null;
            closeWhenFlushed = true;
            decoder.halt();
            link.requestWrite();
            return;
        }
        if (!StateTransitions.mayTravel(state) || state == StreamState.EVENT_WAIT_CANCELLED) {
            LOG.debug("{}: onward state {} is not forwarded", link.peer(), state);
            return;
        }
        if (!StateTransitions.isTracked(state)) {
            connState(state, ordinal);
            queued();
            return;
        }
        if (!StateTransitions.isAllowed(onwardState, state)) {
            LOG.warn("{}: onward stream of '{}' went {} -> {}, which lws clients refuse; not forwarded",
                    link.peer(), streamType, onwardState, state);
            return;
        }
        List<StreamState> send = SeedBridges.toSend(lastForwarded, state);
        if (send.size() != 1) {
            LOG.debug("{}: onward stream of '{}' went {} -> {} with the client at {}; seed-legal, that is {}",
                    link.peer(), streamType, onwardState, state, lastForwarded,
                    send.isEmpty() ? "nothing (dropped)" : send);
        }
        onwardState = state;
        if (send.isEmpty()) {
            return;
        }
        for (int i = 0; i < send.size(); i++) {
            lastForwarded = send.get(i);
            connState(lastForwarded, i == send.size() - 1 ? ordinal : 0);
        }
        queued();
    }

    @Override
    public void onRx(ByteBuffer data, int flags, String rideshare) {
        if (phase == Phase.CLOSED) {
            data.position(data.limit());
            return;
        }
        String prefix = validRideshare(rideshare);
        long now = loop.monotonicMicros();
        int total = data.remaining();
        int done = 0;
        do {
            int n = Math.min(rxFrameLimit, total - done);
            ByteBuffer out = queue.append(SssEncoder.payloadHeaderSize(prefix) + n);
            SssEncoder.payloadHeader(out, SssFrameType.RX_PAYLOAD,
                    SssWire.pieceFlags(flags, done == 0, done + n == total), 0, now, prefix, n);
            int limit = data.limit();
            data.limit(data.position() + n);
            out.put(data);
            data.limit(limit);
            done += n;
        } while (done < total);
        queued();
    }

    @Override
    public void onRxMetadata(String name, byte[] value) {
        if (phase == Phase.CLOSED) {
            return;
        }
        int frame = SssEncoder.metadataSize(name, value.length);
        if (name.isEmpty() || name.length() > SssWire.MAX_METADATA_NAME || value.length == 0
                || frame > SssWire.PROXY_METADATA_LIMIT || !printable(name)) {
            LOG.warn("{}: rx metadata '{}' of {} bytes cannot be sent to an lws client (a name of 1..{} bytes, "
                    + "a value of 1 byte or more, a frame of at most {}); dropped", link.peer(), name, value.length,
                    SssWire.MAX_METADATA_NAME, SssWire.PROXY_METADATA_LIMIT);
            return;
        }
        rxMetadata.remove(name);
        rxMetadata.put(name, value.clone());
        link.requestWrite();
    }

    @Override
    public void onPeerTxCredit(int delta) {
        if (phase == Phase.CLOSED) {
            return;
        }
        SssEncoder.credit(queue.append(SssEncoder.WORD_FRAME_SIZE), SssFrameType.RX_CREDIT, delta);
        queued();
    }

    @Override
    public void onWritableAgain() {
        if (clientPaused && phase != Phase.CLOSED) {
            clientPaused = false;
            link.setReading(true);
        }
    }

    // ---- internals

    private void connState(StreamState state, long ordinal) {
        long value = state.value() & 0xFFFF_FFFFL;
        SssEncoder.connState(queue.append(SssEncoder.connStateSize(value)), value, ordinal & 0xFFFF_FFFFL);
    }

    private void queued() {
        if (!onwardPaused && onward != null && queue.size() > rxFlowOnAbove) {
            onwardPaused = true;
            onward.setReading(false);
        }
        link.requestWrite();
    }

    private void flush() {
        for (Iterator<Map.Entry<String, byte[]>> it = rxMetadata.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, byte[]> m = it.next();
            it.remove();
            control.clear();
            SssEncoder.metadata(control, SssFrameType.RX_METADATA, m.getKey(), m.getValue());
            link.write(control.flip());
        }
        if (queue.size() > 0) {
            if (link.isWritable()) {
                link.write(queue.takeAll());
            } else {
                link.requestWrite();
            }
        }
        if (onwardPaused && onward != null && queue.size() < rxFlowOffBelow) {
            onwardPaused = false;
            onward.setReading(true);
        }
        if (closeWhenFlushed && queue.size() == 0) {
            shutdown();
            link.close();
        }
    }

    private void applyTimeout(long millis) {
        if (millis == SssWire.TIMEOUT_CANCEL) {
            onward.cancelTimeout();
        } else {
            onward.startTimeout(millis);
        }
    }

    private void handshakeExpired() {
        deadline = null;
        if (phase == Phase.AWAITING_STREAMTYPE || phase == Phase.REPORTING_OK) {
            fail("no STREAMTYPE within " + profile.handshakeDeadline().orElseThrow().toMillis() + " ms",
                    new IOException("SSS handshake timed out"));
        }
    }

    private void fail(String why, Throwable cause) {
        if (phase == Phase.CLOSED) {
            return;
        }
        LOG.warn("{}: {}; closing the link", link.peer(), why);
        shutdown();
        link.abort(cause);
    }

    private void shutdown() {
        phase = Phase.CLOSED;
        decoder.halt();
        cancelDeadline();
        OnwardStream o = onward;
        onward = null;
        if (o != null) {
            try {
                o.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: closing the onward stream of '{}' failed", link.peer(), streamType, e);
            }
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    private List<String> rideshareList(String own, List<String> rideshares) {
        List<String> names = new ArrayList<>();
        int length = 0;
        List<String> candidates = new ArrayList<>(rideshares.size() + 1);
        candidates.add(own);
        candidates.addAll(rideshares);
        for (String name : candidates) {
            boolean fits = names.size() < SssWire.MAX_RIDESHARE_COMMAS
                    && length + 1 + name.length() <= SssWire.MAX_RIDESHARE_LIST;
            if (!fits || validRideshare(name) == null || name.indexOf(',') >= 0) {
                LOG.warn("{}: rideshare list entry '{}' of streamtype '{}' left out: lws clients take at most {} entries "
                        + "of printable ASCII in {} bytes", link.peer(), name, own, SssWire.MAX_RIDESHARE_COMMAS,
                        SssWire.MAX_RIDESHARE_LIST);
                if (names.isEmpty()) {
                    return List.of();
                }
                continue;
            }
            names.add(name);
            length += 1 + name.length();
        }
        return List.copyOf(names);
    }

    private static String validRideshare(String name) {
        if (name == null || name.isEmpty() || name.length() > SssWire.MAX_RIDESHARE_NAME || !printable(name)) {
            return null;
        }
        return name;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
