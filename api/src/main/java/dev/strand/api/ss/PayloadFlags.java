package dev.strand.api.ss;

/**
 * The flag bits of an rx or tx payload chunk: lws's {@code LWSSS_FLAG_*}. These are also the
 * values carried in the 32-bit flags field of serialized payload frames; this class is the one
 * place they are defined.
 */
public final class PayloadFlags {

    /** The chunk starts a message. */
    public static final int SOM = 0x01;
    /** The chunk ends a message. */
    public static final int EOM = 0x02;
    /** Not real data: asks the protocol to poll. */
    public static final int POLL = 0x04;
    /** A group of related messages starts. */
    public static final int RELATED_START = 0x08;
    /** A group of related messages ends. */
    public static final int RELATED_END = 0x10;
    /** Serialization only: the payload is prefixed by a rideshare streamtype name. */
    public static final int RIDESHARE = 0x20;
    /** rx only: the chunk is connection-performance JSON, not payload. */
    public static final int PERF_JSON = 0x40;

    /** The bits a receiver passes on (SOM, EOM, POLL, RELATED_START, RELATED_END). */
    public static final int DELIVERED_MASK = SOM | EOM | POLL | RELATED_START | RELATED_END;

    private PayloadFlags() {
    }

    /** {@code SOM|EOM}-style text for logs. */
    public static String toString(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"SOM", "EOM", "POLL", "RELATED_START", "RELATED_END", "RIDESHARE", "PERF_JSON"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[bit]);
            }
        }
        int unknown = flags & ~0x7F;
        if (unknown != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("0x").append(Integer.toHexString(unknown));
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }
}
