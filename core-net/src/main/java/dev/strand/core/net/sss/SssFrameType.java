package dev.strand.core.net.sss;

/**
 * The type byte of every Serialized Secure Streams frame (wire.md §1.3): the one place these
 * numbers are defined. Client-to-proxy types are {@code 0xAA..0xB3}, proxy-to-client types
 * {@code 0x55..0x5B}. Reserved types are listed so that a decoder can name them when it refuses
 * them.
 */
public enum SssFrameType {

    /** C→P: version(1) pid(4) initial tx credit(4) streamtype name; the first frame on every link. */
    STREAMTYPE(0xAA),
    /** C→P: empty; asks the proxy to start the onward connection. */
    ONWARD_CONNECT(0xAB),
    /** C→P: empty; never sent by lws clients, an lws proxy hangs up on it. */
    DESTROYING(0xAC),
    /** C→P: flags(4) hold µs(4) monotonic µs(8) [rideshare] payload. */
    TX_PAYLOAD(0xAD),
    /** C→P: namelen(1) name value; sets a metadata value on the onward stream. */
    TX_METADATA(0xAE),
    /** C→P: signed 32-bit credit delta granted to the remote peer. */
    TX_CREDIT(0xAF),
    /** C→P: uint32 ms; 0 means the policy's timeout, 0xFFFFFFFF cancels. */
    TIMEOUT_UPDATE(0xB0),
    /** C→P: uint32 total length of the payload about to be sent. */
    PAYLOAD_LENGTH_HINT(0xB1),
    /** C→P: reserved, never sent. */
    TLSNEG_ENCLAVE_SIGNED(0xB2),
    /** C→P: reserved, never sent. */
    LINK_VALIDITY_PROBE(0xB3),

    /** P→C: flags(4) latency(4) monotonic µs(8) [rideshare] payload. */
    RX_PAYLOAD(0x55),
    /** P→C: result(1) client_buflen(4) [rideshare list]. */
    CREATE_RESULT(0x56),
    /** P→C: state(1 or 4) ordinal(4). */
    CONNSTATE(0x57),
    /** P→C: signed 32-bit credit delta granted to the client by the remote peer. */
    RX_CREDIT(0x58),
    /** P→C: namelen(1) name value; metadata taken from the onward response. */
    RX_METADATA(0x59),
    /** P→C: reserved, never sent. */
    TLSNEG_ENCLAVE_SIGN(0x5A),
    /** P→C: connection-performance JSON. */
    PERF(0x5B);

    private static final SssFrameType[] BY_CODE = new SssFrameType[256];

    static {
        for (SssFrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    SssFrameType(int code) {
        this.code = code;
    }

    /** The type byte, 0..255. */
    public int code() {
        return code;
    }

    /** The type with byte {@code code} (only the low 8 bits are looked at), or {@code null}. */
    public static SssFrameType byCode(int code) {
        return BY_CODE[code & 0xFF];
    }

    /** {@code CONNSTATE (0x57)}: how log lines and exceptions name a frame type. */
    public String label() {
        return name() + " (0x" + Integer.toHexString(code).toUpperCase(java.util.Locale.ROOT) + ")";
    }
}
