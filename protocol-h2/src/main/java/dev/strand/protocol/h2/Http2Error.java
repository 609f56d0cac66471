package dev.strand.protocol.h2;

/**
 * A protocol error found while reading: a connection error ({@code streamId} 0: GOAWAY and close)
 * or a stream error (RST_STREAM for that stream only). The message names what was wrong.
 */
final class Http2Error extends Exception {

    private static final long serialVersionUID = 1L;

    final ErrorCode code;
    final int streamId;

    private Http2Error(ErrorCode code, int streamId, String message) {
        super(message, null, false, false);
        this.code = code;
        this.streamId = streamId;
    }

    static Http2Error connection(ErrorCode code, String message) {
        return new Http2Error(code, 0, message);
    }

    static Http2Error stream(int streamId, ErrorCode code, String message) {
        return new Http2Error(code, streamId, message);
    }

    boolean isConnectionError() {
        return streamId == 0;
    }
}
