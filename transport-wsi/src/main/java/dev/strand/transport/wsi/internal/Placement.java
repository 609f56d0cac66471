package dev.strand.transport.wsi.internal;

import dev.strand.api.Loop;
import dev.strand.transport.wsi.NettyLoop;
import dev.strand.transport.wsi.WsiSettings;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a link's channel runs and how its events reach its owner.
 *
 * <p>If the owner's loop is a {@link NettyLoop} whose I/O kind can carry the socket, the channel
 * registers on that very event loop and events are delivered in place ({@code direct}). Otherwise
 * the channel runs on a {@link SharedGroups shared group} and every event is handed to the
 * owner's loop with {@code execute}.
 *
 * @param kind      the channel's I/O kind
 * @param eventLoop the event loop the channel registers on
 * @param userLoop  the loop that owns the link
 * @param direct    whether {@code eventLoop} is {@code userLoop}'s own thread
 */
public record Placement(IoKind kind, EventLoop eventLoop, Loop userLoop, boolean direct) {

    /**
     * For an outgoing link owned by {@code loop}.
     *
     * @throws IOException if no available I/O kind can carry {@code target}, saying why
     */
    public static Placement forConnect(Loop loop, Target target, WsiSettings settings) throws IOException {
        if (loop instanceof NettyLoop nl) {
            Optional<IoKind> own = IoKinds.of(nl.eventLoop());
            if (own.isPresent() && own.get().supports(target)) {
                return new Placement(own.get(), nl.eventLoop(), loop, true);
            }
        }
        return shared(kindFor(target, settings), loop);
    }

    /** For a link accepted by a server channel of {@code kind}, owned by {@code loop}. */
    public static Placement forAccepted(IoKind kind, Loop loop) {
        if (loop instanceof NettyLoop nl && kind.isCompatible(nl.eventLoop())) {
            return new Placement(kind, nl.eventLoop(), loop, true);
        }
        return shared(kind, loop);
    }

    /**
     * The I/O kind for {@code target} on the shared groups.
     *
     * @throws IOException for an abstract name when native epoll is off or unavailable
     */
    public static IoKind kindFor(Target target, WsiSettings settings) throws IOException {
        IoKind kind = IoKinds.preferred(settings.nativeTransport());
        if (!kind.supports(target)) {
            throw new IOException(target + ": Linux abstract Unix socket names need Netty's native epoll"
                    + " transport (the JDK's NIO refuses names that start with a NUL byte), and "
                    + (settings.nativeTransport()
                            ? "it is unavailable here: " + IoKinds.epollUnavailableReason()
                            : "it is turned off (strand.wsi.native=false)"));
        }
        return kind;
    }

    private static Placement shared(IoKind kind, Loop loop) {
        return new Placement(kind, SharedGroups.group(kind).next().eventLoop(), loop, false);
    }
}
