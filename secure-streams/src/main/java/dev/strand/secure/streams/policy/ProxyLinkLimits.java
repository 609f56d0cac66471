package dev.strand.secure.streams.policy;

/**
 * Limits a policy must respect so that its streamtypes can be served to lws clients over a proxy
 * link (spec/wire.md §5.5; lws proxy-deserialize.c and sspc-deserialize.c). The loader rejects
 * policies that break them.
 */
public final class ProxyLinkLimits {

    /** A streamtype name crosses the link in a 32-byte buffer with its NUL: at most 31 bytes. */
    public static final int MAX_STREAMTYPE_NAME_BYTES = 31;

    /** A metadata name crosses the link in a 32-byte buffer: lws accepts at most 30 bytes. */
    public static final int MAX_METADATA_NAME_BYTES = 30;

    /**
     * CREATE_RESULT's rideshare list: HEAD lws clients hang up at a fourth comma, so the list holds
     * the streamtype itself and at most two rideshares.
     */
    public static final int MAX_RIDESHARE_LIST_ENTRIES = 3;

    private ProxyLinkLimits() {
    }
}
