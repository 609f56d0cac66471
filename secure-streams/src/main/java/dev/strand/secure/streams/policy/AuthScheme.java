package dev.strand.secure.streams.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the policy's {@code auth} section, which streamtypes name in {@code use_auth}.
 *
 * @param name       the scheme's name
 * @param type       e.g. {@code sigv4}
 * @param streamType the streamtype that refreshes the credentials, if any
 * @param blob       the index of the system blob holding the credentials
 */
public record AuthScheme(String name, Optional<String> type, Optional<String> streamType, int blob) {

    public AuthScheme {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(streamType, "streamType");
    }
}
