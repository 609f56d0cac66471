package dev.strand.transport.wsi.internal;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

/**
 * The exception an outgoing link's handler gets in {@code onConnectFailed}: a
 * {@link ConnectException} naming the endpoint for socket failures, an
 * {@link javax.net.ssl.SSLHandshakeException} naming host and port for TLS failures.
 */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static Exception describe(Target target, Throwable cause) {
        if (cause instanceof LinkChannelHandler.OpenTimeout timeout) {
            return timeout.inHandshake
                    ? TlsFailures.timedOut(target.endpoint().address(), timeout.millis, cause)
                    : connectException("cannot connect to " + target + ": timed out after " + timeout.millis + " ms",
                            cause);
        }
        if (TlsFailures.isTls(cause)) {
            return TlsFailures.describe(target.endpoint().address(), cause);
        }
        if (cause instanceof ClosedChannelException) {
            return connectException("cannot connect to " + target + ": the connection closed before it opened",
                    cause);
        }
        return connectException("cannot connect to " + target + ": " + cause.getMessage(), cause);
    }

    private static ConnectException connectException(String message, Throwable cause) {
        ConnectException e = new ConnectException(message);
        e.initCause(cause);
        return e;
    }
}
