package dev.strand.api.transport;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import java.io.IOException;
import java.util.Set;

/**
 * A transport provider: it turns endpoints of the schemes it serves into {@link Link}s.
 *
 * <p>Providers are discovered ({@code @ServiceProvider} for OSGi through SPI Fly,
 * {@code provides ... with} for JPMS), so they need a public no-argument constructor and hold no
 * per-link state until asked for a link; each discovery mechanism makes its own instance.
 * Methods may be called from any thread; the links they make belong to the loop given.
 */
public interface TransportOps {

    /** A short unique name for logs and listings: {@code wsi}, {@code uart}, {@code exec}, ... */
    String name();

    /** The endpoint schemes this transport serves, lower case ({@code unix}, {@code tcp}, ...). */
    Set<String> schemes();

    /**
     * Whether one endpoint carries a single link only (a serial port), so that many streams need
     * the transport mux on top of it. Socket transports make one link per connect.
     */
    default boolean singleLinkPerEndpoint() {
        return false;
    }

    /**
     * Starts opening a link. The outcome arrives on {@code loop}: {@link LinkHandler#onOpen} with
     * the new link, or {@link LinkHandler#onConnectFailed} with the cause. Never throws for
     * failures that happen while connecting; it throws {@link IllegalArgumentException} only
     * when the endpoint is not one this transport can serve.
     *
     * @return a handle that abandons the attempt if it has not completed yet
     */
    Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler);

    /**
     * Listens on {@code endpoint}. Each accepted link is given a loop from {@code loops} and is
     * offered to {@code acceptor} on that loop.
     *
     * @throws IOException if the endpoint cannot be listened on (in use, no permission, ...)
     * @throws UnsupportedOperationException if this transport only connects
     */
    Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) throws IOException;
}
