package dev.strand.secure.streams.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The WebSocket keys of a streamtype. Immutable.
 *
 * @param subprotocol {@code ws_subprotocol}: requested by a client, accepted by a server
 * @param binary      {@code ws_binary}: send binary frames (the default is text)
 */
public record WsSettings(Optional<String> subprotocol, boolean binary) {

    public WsSettings {
        Objects.requireNonNull(subprotocol, "subprotocol");
    }
}
