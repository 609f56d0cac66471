package dev.strand.transport.wsi.internal;

import dev.strand.api.transport.LinkHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The outgoing side: tells the connecting handler that its link opened or why it did not. */
final class ClientOpener implements LinkOpener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientOpener.class);

    private final Target target;
    private final LinkHandler handler;

    ClientOpener(Target target, LinkHandler handler) {
        this.target = target;
        this.handler = handler;
    }

    @Override
    public void opened(NettyLink link) {
        link.opened(handler);
    }

    @Override
    public void failed(Throwable cause) {
        Exception described = ConnectFailures.describe(target, cause);
        LOG.debug("{}", described.getMessage());
        try {
            handler.onConnectFailed(described);
        } catch (Throwable t) {
            LOG.warn("{}: handler onConnectFailed threw", target, t);
        }
    }
}
