package dev.strand.transport.wsi.internal;

import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listening side: asks the acceptor for the new link's handler, then opens the link. */
final class AcceptedOpener implements LinkOpener {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptedOpener.class);

    private final LinkAcceptor acceptor;
    private final String peer;

    AcceptedOpener(LinkAcceptor acceptor, String peer) {
        this.acceptor = acceptor;
        this.peer = peer;
    }

    @Override
    public void opened(NettyLink link) {
        LinkHandler handler;
        try {
            handler = acceptor.accept(link);
        } catch (Throwable t) {
            LOG.warn("link {}: the acceptor threw; closing the link", peer, t);
            link.opened(NettyLink.IGNORING);
            link.abort(t);
            return;
        }
        link.opened(handler);
    }

    @Override
    public void failed(Throwable cause) {
        LOG.info("link {}: closed before it opened: {}", peer, cause.toString());
    }
}
