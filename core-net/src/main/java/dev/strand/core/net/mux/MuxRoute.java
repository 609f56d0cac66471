package dev.strand.core.net.mux;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.registry.Providers;
import java.util.Objects;
import java.util.Optional;

/**
 * How many links to one endpoint are made: the one place that decides when the transport mux goes
 * in between. An endpoint whose transport carries a single link ({@link TransportOps#singleLinkPerEndpoint()},
 * a serial port) is carried over the mux as if it were written {@code mux+SCHEME:...}
 * ({@code uart:/dev/ttyUSB0?baud=115200&ping=10s} is {@code mux+uart:/dev/ttyUSB0?baud=115200&ping=10s};
 * the mux reads its settings from the same parameters and passes the rest on); a {@code mux+...}
 * endpoint is carried over the mux as written; any other endpoint gets one link per connect from its
 * transport. Both ends use it: an SS proxy client opens its streams' links through
 * {@link #transport()}, an SS proxy listens through it.
 *
 * <p>A route over the mux owns a {@link MuxTransport} of its own ({@link #ownMux()}), so that its
 * mux sessions (and the serial device or connection under them) end when the route is
 * {@link #close() closed}; the one exception is a {@code mux+...} endpoint given with a transport
 * that serves it, which the caller owns. Immutable; {@link #close()} is thread-safe.
 *
 * @param endpoint  where links go: the endpoint given, or its {@code mux+} form
 * @param transport what makes the links ({@code connect}, {@code listen}) to {@link #endpoint()}
 * @param carrier   the transport of the underlying link when over the mux (the one whose coming
 *                  and going matters), otherwise {@link #transport()}
 * @param overMux   whether each link is a channel of the transport mux
 * @param ownMux    the mux transport this route made and closes, if it made one
 */
public record MuxRoute(Endpoint endpoint, TransportOps transport, TransportOps carrier, boolean overMux,
                       Optional<MuxTransport> ownMux) implements AutoCloseable {

    /** The scheme prefix of endpoints carried over the mux. */
    public static final String MUX_PREFIX = "mux+";

    public MuxRoute {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(ownMux, "ownMux");
    }

    /** Whether {@code endpoint} is written for the mux: {@code mux+SCHEME:...}. */
    public static boolean isMuxEndpoint(Endpoint endpoint) {
        return endpoint.isLayered() && endpoint.outerScheme().equals("mux");
    }

    /**
     * The rule: whether many links to {@code endpoint}, served by {@code transport}, must be
     * channels of the mux although the endpoint does not say {@code mux+}.
     */
    public static boolean needsMux(Endpoint endpoint, TransportOps transport) {
        return !isMuxEndpoint(endpoint) && transport.singleLinkPerEndpoint();
    }

    /** {@code endpoint} written for the mux: {@code mux+} in front of its scheme, address and parameters kept. */
    public static Endpoint muxed(Endpoint endpoint) {
        return isMuxEndpoint(endpoint) ? endpoint
                : Endpoint.of(MUX_PREFIX + endpoint.scheme(), endpoint.address(), endpoint.params());
    }

    /**
     * The route to {@code endpoint} with a transport chosen by the caller. If the rule puts the mux
     * in between, the route's own mux runs over {@code transport} alone.
     */
    public static MuxRoute of(Endpoint endpoint, TransportOps transport) {
        if (isMuxEndpoint(endpoint)) {
            return new MuxRoute(endpoint, transport, transport, true, Optional.empty());
        }
        if (!needsMux(endpoint, transport)) {
            return new MuxRoute(endpoint, transport, transport, false, Optional.empty());
        }
        Providers only = Providers.empty();
        only.addTransport(transport);
        MuxTransport mux = new MuxTransport(only);
        return new MuxRoute(muxed(endpoint), mux, transport, true, Optional.of(mux));
    }

    /**
     * The route to {@code endpoint} with transports from {@code providers}. Over the mux (a
     * {@code mux+} endpoint, or the rule) the route's own mux finds the underlying transport there.
     *
     * @throws dev.strand.core.net.registry.NoSuchTransportException if no transport serves the
     *         endpoint (or, over the mux, the endpoint under it)
     */
    public static MuxRoute of(Endpoint endpoint, Providers providers) {
        Endpoint under = isMuxEndpoint(endpoint) ? endpoint.inner() : endpoint;
        TransportOps carrier = providers.transportFor(under);
        if (!isMuxEndpoint(endpoint) && !carrier.singleLinkPerEndpoint()) {
            return new MuxRoute(endpoint, carrier, carrier, false, Optional.empty());
        }
        MuxTransport mux = new MuxTransport(providers);
        return new MuxRoute(muxed(endpoint), mux, carrier, true, Optional.of(mux));
    }

    /** Closes the route's own mux, if it has one: its sessions end and their underlying links close. */
    @Override
    public void close() {
        ownMux.ifPresent(MuxTransport::close);
    }
}
