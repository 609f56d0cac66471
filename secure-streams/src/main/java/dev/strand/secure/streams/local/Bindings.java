package dev.strand.secure.streams.local;

import dev.strand.secure.streams.policy.Protocol;
import java.util.Optional;

/** Which onward protocols this runtime can bind: {@code raw} and {@code ws} so far. */
final class Bindings {

    private Bindings() {
    }

    /** The binding factory for {@code protocol}, if the runtime has one. */
    static Optional<ProtocolBinding.Factory> forProtocol(Protocol protocol) {
        return switch (protocol) {
            case RAW -> Optional.of(RawBinding::new);
            case WS -> Optional.of(WsBinding::new);
            default -> Optional.empty();
        };
    }
}
