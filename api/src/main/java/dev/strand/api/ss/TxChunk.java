package dev.strand.api.ss;

import java.nio.ByteBuffer;

/**
 * The space an {@link StreamHandler#onTx} call writes into. Owned by the stream; valid only
 * during that call.
 */
public interface TxChunk {

    /** Where to put the payload: position 0, limit = the most this chunk can carry. */
    ByteBuffer buffer();

    /** Sets the {@link PayloadFlags} of this chunk ({@code SOM}, {@code EOM}, ...). */
    void flags(int flags);

    /** The flags set so far (0 if none). */
    int flags();
}
