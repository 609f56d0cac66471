package dev.strand.http;

import java.io.IOException;

/**
 * A peer sent an HTTP message that breaks the grammar or a limit. Names the element that was
 * wrong; the connection it came on is closed and nothing else is affected.
 */
public final class MalformedMessageException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The part of the message that was wrong. */
    public enum Element {
        STATUS_LINE,
        HEADER_NAME,
        HEADER_VALUE,
        HEADER_TOO_LARGE,
        CONTENT_LENGTH,
        TRANSFER_ENCODING,
        CHUNK_SIZE,
        CHUNK_DATA,
        UNEXPECTED_DATA
    }

    private final Element element;

    public MalformedMessageException(Element element, String message) {
        super(message);
        this.element = element;
    }

    public Element element() {
        return element;
    }
}
