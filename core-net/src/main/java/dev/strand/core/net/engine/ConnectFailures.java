package dev.strand.core.net.engine;

import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Tells connect failures that will repeat on every attempt (an unknown host, a certificate that
 * does not verify, an endpoint no transport serves, a protocol nobody speaks) from those worth retrying (refused, reset,
 * timed out). Queued exchanges fail at once for the first kind and wait out the backoff for the
 * second.
 */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static boolean willRepeat(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException
                    || t instanceof IllegalArgumentException
                    || t instanceof UnsupportedOperationException
                    || t instanceof NoSuchProtocolException
                    || t instanceof SSLPeerUnverifiedException
                    || t instanceof GeneralSecurityException) {
                return true;
            }
            if (t instanceof SSLHandshakeException && mentionsCertificate(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsCertificate(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("certificate") || m.contains("pkix") || m.contains("certpath")
                || m.contains("no subject alternative");
    }
}
