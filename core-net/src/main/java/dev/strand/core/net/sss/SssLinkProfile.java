package dev.strand.core.net.sss;

import dev.strand.core.net.mux.MuxRoute;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What differs between the kinds of link an SSS byte stream runs on (wire.md §2.5, §5.3): a
 * socket per stream (UDS, TCP) or a channel of the transport mux. Immutable.
 *
 * @param name           for logs: {@code socket}, {@code mux-channel}
 * @param metadataLimit  the room for one client-to-proxy frame (lws's {@code metadata_limit}):
 *                       4096 on sockets, 2048 on mux channels; a TX payload carries at most this
 *                       minus 35 bytes
 * @param handshakeDeadline how long a proxy waits for STREAMTYPE and a client for CREATE_RESULT
 *                       after the link opens (3 s on sockets, none on mux channels, whose link
 *                       liveness the mux checks)
 */
public record SssLinkProfile(String name, int metadataLimit, Optional<Duration> handshakeDeadline) {

    /** One UDS or TCP socket per stream, as lws's wsi transport. */
    public static final SssLinkProfile SOCKET = new SssLinkProfile("socket", 4096, Optional.of(Duration.ofSeconds(3)));

    /** One channel of the transport mux, as lws's mux transport. */
    public static final SssLinkProfile MUX_CHANNEL = new SssLinkProfile("mux-channel", 2048, Optional.empty());

    public SssLinkProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handshakeDeadline, "handshakeDeadline");
        if (metadataLimit < 64 || metadataLimit > SssWire.HEADER_SIZE + SssWire.MAX_REM) {
            throw new IllegalArgumentException("metadata limit " + metadataLimit + " is outside 64..65538");
        }
    }

    /** The profile of the links {@code route} makes: mux channels over the mux, sockets otherwise. */
    public static SssLinkProfile of(MuxRoute route) {
        return route.overMux() ? MUX_CHANNEL : SOCKET;
    }

    /** The most payload one TX_PAYLOAD frame carries: 4061 on sockets, 2013 on mux channels. */
    public int txPayloadLimit() {
        return metadataLimit - SssWire.LWS_PRE - SssWire.PAYLOAD_HEADER_SIZE;
    }

    /** A copy with another handshake deadline (empty: none). */
    public SssLinkProfile withHandshakeDeadline(Optional<Duration> deadline) {
        return new SssLinkProfile(name, metadataLimit, deadline);
    }
}
