package dev.strand.core.net.engine;

import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Set;

/**
 * Tells connect failures that will repeat on every attempt (an unknown host, a certificate that
 * does not verify, an endpoint no transport serves, a protocol nobody speaks) from those worth
 * retrying (refused, reset, timed out). Queued exchanges fail at once for the first kind and wait
 * out the backoff for the second.
 *
 * <p>TLS exceptions are recognised by class name so that core-net does not import
 * {@code javax.net.ssl} (the SSPC-only profile has no TLS).
 */
final class ConnectFailures {

    private static final String HANDSHAKE = "javax.net.ssl.SSLHandshakeException";
    private static final Set<String> UNVERIFIED = Set.of("javax.net.ssl.SSLPeerUnverifiedException");

    private ConnectFailures() {
    }

    static boolean willRepeat(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException
                    || t instanceof IllegalArgumentException
                    || t instanceof UnsupportedOperationException
                    || t instanceof NoSuchProtocolException
                    || t instanceof GeneralSecurityException
                    || isA(t, UNVERIFIED)) {
                return true;
            }
            if (isA(t, Set.of(HANDSHAKE)) && mentionsCertificate(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isA(Throwable t, Set<String> classNames) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (classNames.contains(c.getName())) {
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
