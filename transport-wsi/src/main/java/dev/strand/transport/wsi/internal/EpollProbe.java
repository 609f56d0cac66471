package dev.strand.transport.wsi.internal;

import io.netty.channel.epoll.Epoll;

/** The one place that asks Netty whether epoll works; fails with a LinkageError if it is absent. */
final class EpollProbe {

    private EpollProbe() {
    }

    /** {@code null} if epoll is available, otherwise why not. */
    static Throwable unavailability() {
        return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
    }
}
