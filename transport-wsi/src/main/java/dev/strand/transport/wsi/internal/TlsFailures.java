package dev.strand.transport.wsi.internal;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what the JDK's {@code SSLEngine} throws into one line a person can act on:
 * {@code TLS handshake with 127.0.0.1:8443 failed: certificate not trusted (PKIX path building
 * failed)}. The original exception stays attached as the cause.
 */
final class TlsFailures {

    private static final String ALERT = "Received fatal alert: ";

    private TlsFailures() {
    }

    static SSLHandshakeException describe(String hostPort, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("TLS handshake with " + hostPort + " failed: "
                + reason(cause));
        e.initCause(cause);
        return e;
    }

    static SSLHandshakeException timedOut(String hostPort, long millis, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("TLS handshake with " + hostPort
                + " failed: timed out after " + millis + " ms");
        e.initCause(cause);
        return e;
    }

    /** Whether {@code cause} came from TLS rather than from the socket underneath. */
    static boolean isTls(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable cause) {
        String alert = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (t instanceof CertificateExpiredException) {
                return "certificate expired (" + msg + ")";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate not yet valid (" + msg + ")";
            }
            if (t instanceof CertPathBuilderException || msg.contains("PKIX path building failed")) {
                return "certificate not trusted (PKIX path building failed)";
            }
            if (t instanceof CertPathValidatorException v) {
                return "certificate not trusted (" + v.getReason() + ": " + msg + ")";
            }
            if (msg.contains("No subject alternative") || msg.contains("No name matching")) {
                return "hostname mismatch (" + msg + ")";
            }
            if (alert == null && msg.startsWith(ALERT)) {
                alert = msg.substring(ALERT.length());
            }
        }
        if (alert != null) {
            return "the server refused the handshake with alert " + alert;
        }
        return String.valueOf(rootOf(cause).getMessage());
    }

    private static Throwable rootOf(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root : t;
    }
}
