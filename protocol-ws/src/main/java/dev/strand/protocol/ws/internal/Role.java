package dev.strand.protocol.ws.internal;

/**
 * Which end of a WebSocket connection this is: a client masks what it sends and must see no
 * mask from the server; a server is the other way round (RFC 6455 §5.1).
 */
public enum Role {
    CLIENT,
    SERVER;

    /** Whether frames this end sends carry a masking key. */
    boolean masksOutgoing() {
        return this == CLIENT;
    }
}
