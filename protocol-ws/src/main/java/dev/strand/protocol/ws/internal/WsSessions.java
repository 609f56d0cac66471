package dev.strand.protocol.ws.internal;

import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import java.security.SecureRandom;

/** Opens client sessions for {@code dev.strand.protocol.ws.WsProtocol}; keeps the session type internal. */
public final class WsSessions {

    private WsSessions() {
    }

    /** A client session over {@code link}, with its own source of masking keys and handshake nonces. */
    public static ProtocolSession client(Link link, SessionListener listener) {
        return new WsSession(link, listener, new SecureRandom());
    }
}
