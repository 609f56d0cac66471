package dev.strand.api.ss;

/**
 * A secure stream's connection state, with lws's {@code lws_ss_constate_t} numbers. The numbers
 * travel on the wire (serialized {@code CONNSTATE} frames); this class is the one place they are
 * defined. Application-defined states start at {@link #USER_BASE} (1000) and can be made with
 * {@link #of(int)}. Immutable; the named states are singletons, so {@code ==} works for them.
 */
public final class StreamState {

    private static final String[] NAMES = {
        "UNSET", "CREATING", "DISCONNECTED", "UNREACHABLE", "AUTH_FAILED", "CONNECTED", "CONNECTING",
        "DESTROYING", "POLL", "ALL_RETRIES_FAILED", "QOS_ACK_REMOTE", "QOS_NACK_REMOTE",
        "QOS_ACK_LOCAL", "QOS_NACK_LOCAL", "TIMEOUT", "SERVER_TXN", "SERVER_UPGRADE",
        "EVENT_WAIT_CANCELLED", "UPSTREAM_LINK_RETRY", "SINK_JOIN", "SINK_PART",
    };
    private static final StreamState[] KNOWN = new StreamState[NAMES.length];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            KNOWN[i] = new StreamState(i);
        }
    }

    /** No state yet; never delivered. */
    public static final StreamState UNSET = KNOWN[0];
    public static final StreamState CREATING = KNOWN[1];
    public static final StreamState DISCONNECTED = KNOWN[2];
    public static final StreamState UNREACHABLE = KNOWN[3];
    /** In lws's enum and table, never emitted by lws itself; passed through from a proxy. */
    public static final StreamState AUTH_FAILED = KNOWN[4];
    public static final StreamState CONNECTED = KNOWN[5];
    public static final StreamState CONNECTING = KNOWN[6];
    public static final StreamState DESTROYING = KNOWN[7];
    public static final StreamState POLL = KNOWN[8];
    public static final StreamState ALL_RETRIES_FAILED = KNOWN[9];
    public static final StreamState QOS_ACK_REMOTE = KNOWN[10];
    public static final StreamState QOS_NACK_REMOTE = KNOWN[11];
    /** Reserved by lws; not emitted. */
    public static final StreamState QOS_ACK_LOCAL = KNOWN[12];
    /** Reserved by lws; not emitted. */
    public static final StreamState QOS_NACK_LOCAL = KNOWN[13];
    public static final StreamState TIMEOUT = KNOWN[14];
    public static final StreamState SERVER_TXN = KNOWN[15];
    public static final StreamState SERVER_UPGRADE = KNOWN[16];
    public static final StreamState EVENT_WAIT_CANCELLED = KNOWN[17];
    /** Generated locally by a proxied client while it cannot reach the proxy; never on the wire. */
    public static final StreamState UPSTREAM_LINK_RETRY = KNOWN[18];
    public static final StreamState SINK_JOIN = KNOWN[19];
    public static final StreamState SINK_PART = KNOWN[20];

    /** The first application-defined state number. */
    public static final int USER_BASE = 1000;

    private final int value;

    private StreamState(int value) {
        this.value = value;
    }

    /**
     * The state with lws number {@code value}: a named singleton for 0..20, otherwise a new
     * instance (user states, or numbers lws does not define, which validators then reject).
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static StreamState of(long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("stream state " + value + " is outside 0..2^32-1");
        }
        return value < KNOWN.length ? KNOWN[(int) value] : new StreamState((int) value);
    }

    /** The lws number (an unsigned 32-bit value; states above 2^31 read back negative). */
    public int value() {
        return value;
    }

    /** Whether this is an application-defined state (1000 and up). */
    public boolean isUserState() {
        return Integer.compareUnsigned(value, USER_BASE) >= 0;
    }

    /** lws's name without the {@code LWSSSCS_} prefix, {@code USER+n} for user states. */
    public String name() {
        if (value >= 0 && value < NAMES.length) {
            return NAMES[value];
        }
        return isUserState() ? "USER+" + Integer.toUnsignedString(value - USER_BASE)
                : "UNKNOWN(" + Integer.toUnsignedString(value) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamState s && s.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    @Override
    public String toString() {
        return name() + "(" + Integer.toUnsignedString(value) + ")";
    }
}
