package dev.strand.secure.streams.policy;

import java.util.Objects;

/**
 * Something in a policy that loaded but probably does not do what its author meant: a key lws does
 * not know (lws ignores it silently), a key lws parses but never uses, or a setting that has no
 * effect where it stands. Each is also logged once at load time.
 *
 * @param kind     what sort of finding this is
 * @param jsonPath where, e.g. {@code s[0].mintest.http_mime_type}
 * @param line     1-based line
 * @param column   1-based column
 * @param message  what was found, with a hint where one helps
 */
public record PolicyWarning(Kind kind, String jsonPath, int line, int column, String message) {

    /** The sorts of finding. */
    public enum Kind {
        /** A key lws's parser does not list: it has no effect at all. */
        UNKNOWN_KEY,
        /** A key lws parses but nothing in lws reads (spec: urgent_tx, per-streamtype via-socks5, ...). */
        INERT_KEY,
        /** A known key whose value has no effect in this combination (a trust store without tls, ...). */
        NO_EFFECT
    }

    public PolicyWarning {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jsonPath, "jsonPath");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind + " " + jsonPath + " (line " + line + ", column " + column + "): " + message;
    }
}
