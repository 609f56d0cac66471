package dev.strand.examples.binance;

/**
 * A feed message that is not well-formed JSON, or a {@code depthUpdate} whose fields are not what
 * Binance sends. The message says what was wrong and at which byte.
 */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
