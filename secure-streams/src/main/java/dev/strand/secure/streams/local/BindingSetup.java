package dev.strand.secure.streams.local;

import dev.strand.api.Loop;
import dev.strand.secure.streams.policy.StreamType;

/**
 * What a {@link ProtocolBinding} is made with: the stream's loop, its streamtype and the shared
 * context. Immutable.
 */
record BindingSetup(Loop loop, StreamType type, StreamContext context) {
}
