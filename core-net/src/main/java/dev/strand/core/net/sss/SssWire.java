package dev.strand.core.net.sss;

import dev.strand.api.ss.PayloadFlags;

/**
 * The numbers of the Serialized Secure Streams protocol other than type bytes: layout sizes and
 * the limits lws enforces (wire.md §1.2, §1.4, §2.5). Every encoder, decoder and terminal reads
 * them from here. Flags and states live in {@link PayloadFlags} and
 * {@link dev.strand.api.ss.StreamState}.
 */
public final class SssWire {

    /** The only protocol version in circulation: byte 3 of STREAMTYPE. */
    public static final int PROTOCOL_VERSION = 1;

    /** type(1) + rem(2). */
    public static final int HEADER_SIZE = 3;
    /** The largest {@code rem}: a 16-bit field. */
    public static final int MAX_REM = 0xFFFF;

    /** flags(4) + hold or latency µs(4) + monotonic µs(8), before a payload's optional rideshare prefix. */
    public static final int PAYLOAD_SUBHEADER_SIZE = 16;
    /** Header plus payload sub-header: where the payload of a frame without rideshare starts (19). */
    public static final int PAYLOAD_HEADER_SIZE = HEADER_SIZE + PAYLOAD_SUBHEADER_SIZE;

    /** STREAMTYPE's fixed part: version(1) + pid(4) + initial tx credit(4). */
    public static final int STREAMTYPE_FIXED_SIZE = 9;
    /** The longest streamtype name an lws proxy takes (its buffer is 32 bytes with the NUL). */
    public static final int MAX_STREAMTYPE_NAME = 31;

    /** The longest metadata name either lws parser takes. */
    public static final int MAX_METADATA_NAME = 30;
    /** namelen(1): the fixed part of a METADATA body. */
    public static final int METADATA_FIXED_SIZE = 1;
    /** The smallest METADATA {@code rem} both lws parsers take at the header: namelen, a name byte, a value byte. */
    public static final int METADATA_MIN_REM = 3;
    /** The most a proxy may put in one METADATA frame past its type byte: 4 + namelen + valuelen. */
    public static final int PROXY_METADATA_LIMIT = 1580;

    /** The body of TX_CREDIT, RX_CREDIT, TIMEOUT_UPDATE and PAYLOAD_LENGTH_HINT: one 32-bit word. */
    public static final int WORD_BODY_SIZE = 4;

    /** CREATE_RESULT's fixed part: result(1) + client_buflen(4). */
    public static final int CREATE_RESULT_FIXED_SIZE = 5;
    /** CREATE_RESULT result byte: created. */
    public static final int CREATE_OK = 0;
    /** CREATE_RESULT result byte: refused. */
    public static final int CREATE_FAILED = 1;
    /** The longest CREATE_RESULT rideshare list an lws client takes. */
    public static final int MAX_RIDESHARE_LIST = 127;
    /** The most commas (entries) in a rideshare list an lws HEAD client takes (HKStella-10). */
    public static final int MAX_RIDESHARE_COMMAS = 3;
    /** The longest rideshare name in a payload frame's prefix (HKStella-04: 32 or more overflowed lws). */
    public static final int MAX_RIDESHARE_NAME = 31;
    /** An lws proxy's per-stream buffer when the policy's {@code proxy_buflen} is 0 or absent (wire.md §2.5). */
    public static final int DEFAULT_PROXY_BUFLEN = 32768;
    /** An lws client's receive buffer when CREATE_RESULT's client_buflen is 0. */
    public static final int DEFAULT_CLIENT_BUFLEN = 32768;

    /** CONNSTATE's smallest body: a 1-byte state and a 4-byte ordinal. */
    public static final int CONNSTATE_MIN_REM = 5;
    /** CONNSTATE's largest body: a 4-byte state and a 4-byte ordinal. */
    public static final int CONNSTATE_MAX_REM = 8;
    /** CONNSTATE's ordinal field size. */
    public static final int CONNSTATE_ORDINAL_SIZE = 4;

    /** The largest payload piece a receiver hands on at once (proxy to onward, client to app). */
    public static final int PIECE_SIZE = 1380;

    /** The initial peer tx credit an lws client announces when the application gives none. */
    public static final int DEFAULT_INITIAL_TX_CREDIT = 500_000_000;

    /** TIMEOUT_UPDATE value: start the timeout the policy gives. */
    public static final long TIMEOUT_FROM_POLICY = 0;
    /** TIMEOUT_UPDATE value: cancel the timeout. */
    public static final long TIMEOUT_CANCEL = 0xFFFF_FFFFL;

    /**
     * Where an lws proxy listens and an lws client connects by default on Linux: the abstract Unix
     * socket {@code "\0proxy.ss.lws"} (wire.md §5.1), in the endpoint grammar.
     */
    public static final String DEFAULT_PROXY_ADDRESS = "@proxy.ss.lws";

    /** The streamtype of System Message Distribution; its STREAMTYPE credit field is a class mask. */
    public static final String SMD_STREAMTYPE = "_lws_smd";

    /**
     * Room lws keeps in front of its write buffers (LWS_PRE); a client's TX payload per frame is the
     * link's metadata limit minus this and minus {@link #PAYLOAD_HEADER_SIZE}.
     */
    public static final int LWS_PRE = 16;

    private SssWire() {
    }

    /**
     * The flags of one piece when a payload with {@code frameFlags} is handed on in several pieces
     * (wire.md §1.4.4): SOM and POLL only on the first piece, EOM and RELATED_END only on the last,
     * RELATED_START on every piece; bits other than {@link PayloadFlags#DELIVERED_MASK} dropped.
     */
    public static int pieceFlags(int frameFlags, boolean first, boolean last) {
        int f = frameFlags & PayloadFlags.DELIVERED_MASK;
        if (!first) {
            f &= ~(PayloadFlags.SOM | PayloadFlags.POLL);
        }
        if (!last) {
            f &= ~(PayloadFlags.EOM | PayloadFlags.RELATED_END);
        }
        return f;
    }
}
