package dev.strand.core.net.engine;

import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.transport.Link;
import dev.strand.core.net.registry.Providers;
import java.util.Optional;

/**
 * Which protocol a new connection speaks: the one serving the ALPN identifier the server chose,
 * else the pool key's protocol (cleartext, or a server that chose nothing).
 */
final class ProtocolChoice {

    private ProtocolChoice() {
    }

    /** @throws NoSuchProtocolException naming what was asked for and the protocols present */
    static ProtocolOps forLink(Providers providers, PoolKey key, Link link) {
        Optional<String> alpn = link.negotiatedAlpn();
        if (alpn.isPresent()) {
            for (ProtocolOps p : providers.protocols()) {
                if (p.alpnIds().contains(alpn.get())) {
                    return p;
                }
            }
            throw new NoSuchProtocolException("the server chose ALPN '" + alpn.get() + "' but no protocol present serves it"
                    + " (protocols: " + providers.protocols().stream().map(ProtocolOps::name).toList() + ")");
        }
        return providers.protocol(key.protocol()).orElseThrow(() -> new NoSuchProtocolException(
                "no protocol '" + key.protocol() + "' is present (protocols: "
                        + providers.protocols().stream().map(ProtocolOps::name).toList() + ")"));
    }
}
