package dev.strand.core.net.sss;

import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import java.util.Objects;

/**
 * The proxy end of Serialized Secure Streams: give it to {@link dev.strand.api.transport.TransportOps#listen}
 * (or to the transport mux, one channel per stream) and it serves each accepted link as one
 * proxied stream, making the onward stream with {@code factory} (wire.md §2.3). Every link is
 * independent: bad input closes only that link, with one warning naming the peer. Thread-safe;
 * each link's work runs on that link's loop.
 */
public final class SssProxy implements LinkAcceptor {

    private final OnwardStreamFactory factory;
    private final SssLinkProfile profile;
    private final int rxFramePayloadLimit;

    /** Serves links of {@code profile} ({@link SssLinkProfile#SOCKET} or {@link SssLinkProfile#MUX_CHANNEL}). */
    public SssProxy(OnwardStreamFactory factory, SssLinkProfile profile) {
        this(factory, profile, SssWire.PIECE_SIZE);
    }

    /**
     * As above, splitting onward payload into RX_PAYLOAD frames of at most
     * {@code rxFramePayloadLimit} bytes. The default, {@link SssWire#PIECE_SIZE}, is what an lws
     * client hands its application in one piece, so each frame keeps its boundary there.
     */
    public SssProxy(OnwardStreamFactory factory, SssLinkProfile profile, int rxFramePayloadLimit) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.profile = Objects.requireNonNull(profile, "profile");
        int most = SssWire.MAX_REM - SssWire.PAYLOAD_SUBHEADER_SIZE - 1 - SssWire.MAX_RIDESHARE_NAME;
        if (rxFramePayloadLimit < 1 || rxFramePayloadLimit > most) {
            throw new IllegalArgumentException("rx frame payload limit " + rxFramePayloadLimit + " is outside 1.." + most);
        }
        this.rxFramePayloadLimit = rxFramePayloadLimit;
    }

    @Override
    public LinkHandler accept(Link link) {
        return new ProxyConn(link, factory, profile, rxFramePayloadLimit);
    }
}
