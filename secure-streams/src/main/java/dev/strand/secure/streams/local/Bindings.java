package dev.strand.secure.streams.local;

import dev.strand.core.net.registry.Providers;
import dev.strand.secure.streams.policy.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which onward protocols this runtime can bind: {@code raw} always (core-net carries it),
 * {@code h1} and {@code h2} through the one HTTP binding and {@code ws} through its own, each when
 * the protocol module that speaks it is present in the registry.
 */
final class Bindings {

    private Bindings() {
    }

    /** The binding factory for {@code protocol}, if the runtime has one and its protocol module is present. */
    static Optional<ProtocolBinding.Factory> forProtocol(Protocol protocol, Providers providers) {
        return switch (protocol) {
            case RAW -> Optional.of(RawBinding::new);
            case H1, H2 -> providers.protocol(protocol.policyName()).isPresent()
                    ? Optional.of(HttpBinding::new) : Optional.empty();
            case WS -> providers.protocol(protocol.policyName()).isPresent()
                    ? Optional.of(WsBinding::new) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The protocols carried now, for messages: {@code raw, h1}. */
    static String carried(Providers providers) {
        List<String> names = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            if (forProtocol(p, providers).isPresent()) {
                names.add(p.policyName());
            }
        }
        return String.join(", ", names);
    }
}
