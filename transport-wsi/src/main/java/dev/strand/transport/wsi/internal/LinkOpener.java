package dev.strand.transport.wsi.internal;

/**
 * What happens when a channel's link opens or fails to: the outgoing side tells the connecting
 * handler; the listening side asks the acceptor for a handler. Called on the link's loop.
 */
interface LinkOpener {

    /** The socket (and TLS, if any) is up. */
    void opened(NettyLink link);

    /** The link never opened. */
    void failed(Throwable cause);
}
