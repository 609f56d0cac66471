package dev.strand.core.net.sss;

import dev.strand.api.Loop;
import java.util.Objects;

/**
 * What a client's STREAMTYPE asks a proxy for. Immutable.
 *
 * @param streamType       the policy entry to bind to (1..31 bytes)
 * @param clientPid        the pid the client sent (0 from Windows and bare-metal clients); for logs
 * @param initialTxCredit  how much the remote peer may send before the client grants more
 *                         (h2 manual flow control); for {@code _lws_smd}, the SMD class mask
 * @param peer             the client link, for log lines
 * @param loop             the loop the link and the onward stream belong to
 */
public record OnwardRequest(String streamType, long clientPid, int initialTxCredit, String peer, Loop loop) {

    public OnwardRequest {
        Objects.requireNonNull(streamType, "streamType");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(loop, "loop");
    }
}
