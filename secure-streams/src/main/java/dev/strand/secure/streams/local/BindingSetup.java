package dev.strand.secure.streams.local;

import dev.strand.api.Loop;
import dev.strand.secure.streams.policy.StreamType;
import java.util.function.Function;

/**
 * What a {@link ProtocolBinding} is made with: the stream's loop, its streamtype, the shared
 * context, the stream's metadata as it is when the attempt starts, and the payload length the
 * client announced ({@code request_tx_len}), or -1. Immutable.
 *
 * @param metadata the value of each metadata name, {@code null} if not set (values are copies)
 * @param txLength the announced length of the payload to send in this transaction, or -1
 */
record BindingSetup(Loop loop, StreamType type, StreamContext context, Function<String, byte[]> metadata,
                    long txLength) {
}
