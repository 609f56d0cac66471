package dev.strand.core.net.registry;

/** No transport present serves an endpoint's scheme. */
public final class NoSuchTransportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NoSuchTransportException(String message) {
        super(message);
    }
}
