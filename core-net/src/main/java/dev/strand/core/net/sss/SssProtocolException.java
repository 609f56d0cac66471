package dev.strand.core.net.sss;

import java.io.IOException;

/**
 * A Serialized Secure Streams frame that breaks the protocol: an unknown or misdirected type, a
 * length or field out of range, a frame the link's state does not allow. The message names the
 * frame type, the field and the bad value. The link it arrived on is closed; nothing else is
 * affected.
 */
public final class SssProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient SssFrameType frameType;

    /** A problem with a frame of {@code type} ({@code null} when the type byte itself is the problem). */
    public SssProtocolException(SssFrameType type, String problem) {
        super(type == null ? problem : type.label() + ": " + problem);
        this.frameType = type;
    }

    /** The type of the offending frame, or {@code null} if its type byte was not understood. */
    public SssFrameType frameType() {
        return frameType;
    }
}
