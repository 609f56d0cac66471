package dev.strand.protocol.h2;

import java.io.IOException;

/**
 * Why an HTTP/2 exchange failed at the protocol level: the peer reset its stream, the peer sent
 * GOAWAY before processing it, or one side found a protocol error and closed the connection.
 * {@link #errorCode()} is the RFC 9113 code on the wire.
 */
public final class H2Exception extends IOException {

    private static final long serialVersionUID = 1L;

    /** What kind of event ended the exchange. */
    public enum Kind {
        /** The peer sent RST_STREAM for the stream. */
        STREAM_RESET_BY_PEER,
        /** This side found the stream malformed and reset it. */
        STREAM_ERROR,
        /** The peer sent GOAWAY and the stream is above its last-stream-id, or it ended the connection. */
        GOAWAY_RECEIVED,
        /** This side found a connection error, sent GOAWAY and closed the connection. */
        CONNECTION_ERROR
    }

    private final Kind kind;
    private final long errorCode;

    public H2Exception(Kind kind, long errorCode, String message) {
        super(message);
        this.kind = kind;
        this.errorCode = errorCode;
    }

    public H2Exception(Kind kind, long errorCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.errorCode = errorCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The RFC 9113 error code. */
    public long errorCode() {
        return errorCode;
    }

    /** The error code's name ({@code REFUSED_STREAM}). */
    public String errorName() {
        return ErrorCode.nameOf(errorCode);
    }
}
