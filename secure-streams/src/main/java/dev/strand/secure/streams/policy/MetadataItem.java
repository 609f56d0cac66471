package dev.strand.secure.streams.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code metadata} entry of a streamtype: a name the application (or the proxy link) uses,
 * mapped to a protocol item, usually an HTTP header name with a trailing colon
 * ({@code "content-type:"}), or {@code ""} for a pure variable used in {@code ${name}}
 * substitutions. Immutable.
 *
 * @param name         the metadata name (at most 30 UTF-8 bytes, so it can cross a proxy link)
 * @param protocolItem the right-hand side exactly as written in the policy
 * @param index        position in the streamtype's list, from 0 (lws's per-stream slot index)
 */
public record MetadataItem(String name, String protocolItem, int index) {

    public MetadataItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocolItem, "protocolItem");
    }

    /**
     * The HTTP header this item maps to: the protocol item without its trailing colon; empty
     * for a pure variable.
     */
    public Optional<String> httpHeaderName() {
        if (protocolItem.isEmpty()) {
            return Optional.empty();
        }
        String h = protocolItem.endsWith(":") ? protocolItem.substring(0, protocolItem.length() - 1) : protocolItem;
        return h.isEmpty() ? Optional.empty() : Optional.of(h);
    }
}
