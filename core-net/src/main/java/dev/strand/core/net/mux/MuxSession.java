package dev.strand.core.net.mux;

import dev.strand.api.Loop;
import java.util.Optional;

/**
 * The transport mux on one underlying link (a UART, a TCP connection): link liveness by
 * three-way PING and up to {@link MuxSettings#maxChannels()} channels. A client session
 * ({@code connect}) lives as long as its transport and survives reconnections of the underlying
 * link; a server session ({@code listen}) lives as long as its accepted link.
 *
 * <p>Owned by {@link #loop()}. The accessors may be called from any thread and return the latest
 * value the loop published.
 */
public interface MuxSession {

    /** The loop the session and all its channels belong to. */
    Loop loop();

    /** Whether this side opens channels (client) or accepts them (server). */
    boolean isClient();

    /** Who is at the other end of the underlying link, or the endpoint being connected to. */
    String peer();

    /**
     * Whether the mux link is up: a three-way PING succeeded and no loss was detected since.
     * Channels exist only while it is up.
     */
    boolean isLinkUp();

    /** The peer's wall clock from the last PONGACK received, if one was. */
    Optional<PeerClock> peerClock();

    /** Channel indexes in use: open, opening, or closed but not yet acknowledged. */
    int channelCount();

    /** The settings the session runs with. */
    MuxSettings settings();
}
