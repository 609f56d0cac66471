package dev.strand.core.net.engine;

/**
 * A connection opened but no protocol present can speak on it: the server chose an ALPN
 * protocol nobody serves, or the key's cleartext protocol is missing. Repeats on every attempt,
 * so the key's queued exchanges fail with it at once.
 */
public final class NoSuchProtocolException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public NoSuchProtocolException(String message) {
        super(message);
    }
}
