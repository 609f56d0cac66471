package dev.strand.core.net.sss;

import static dev.strand.core.net.sss.SssWire.HEADER_SIZE;
import static dev.strand.core.net.sss.SssWire.MAX_METADATA_NAME;
import static dev.strand.core.net.sss.SssWire.MAX_RIDESHARE_NAME;
import static dev.strand.core.net.sss.SssWire.PAYLOAD_SUBHEADER_SIZE;
import static dev.strand.core.net.sss.SssWire.PIECE_SIZE;

import dev.strand.api.ss.PayloadFlags;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The incremental frame parser both sides share: it takes bytes in pieces of any size (a frame
 * may be split at any byte or several frames joined), finds each frame by its type and
 * {@code rem}, and lets the side-specific subclass decide what the frame means.
 *
 * <p>Bodies are handed over as a buffer positioned on exactly the body: a window onto the caller's
 * input when the whole body arrived in one read (no copy), or onto an internal buffer that
 * collected it. Payloads are streamed in pieces of at most {@link SssWire#PIECE_SIZE} bytes with
 * the flags split as {@link SssWire#pieceFlags} says; a piece is copied only when it straddles two
 * reads. Nothing is allocated per byte or per payload piece.
 *
 * <p>Not thread-safe: a decoder belongs to one link, on that link's loop.
 */
abstract class FrameDecoder {

    private enum Phase { HEADER, BODY, SKIP, PAYLOAD_HEADER, RIDESHARE_LENGTH, RIDESHARE_NAME, PAYLOAD }

    /** What a frame's body is after its header: collected whole, skipped, or a streamed payload. */
    enum Body { COLLECT, SKIP, PAYLOAD }

    private Phase phase = Phase.HEADER;
    private SssFrameType type;
    private int rem;
    private int skipLeft;
    private boolean halted;

    private byte[] scratch = new byte[64];
    private ByteBuffer scratchView = ByteBuffer.wrap(scratch);
    private int scratchFill;
    private ByteBuffer borrowed;
    private int borrowedLimit;
    private int borrowedEnd;

    private int payloadFlags;
    private int payloadWord;
    private long payloadMicros;
    private String rideshare;
    private int prefixLength;
    private int payloadLength;
    private int payloadDelivered;
    private int pieceSize;
    private final byte[] pieceBytes = new byte[PIECE_SIZE];
    private final ByteBuffer pieceView = ByteBuffer.wrap(pieceBytes);
    private int pieceFill;

    /**
     * Parses every byte of {@code in} (its position ends at its limit), calling the subclass for
     * each frame as it completes, unless {@link #halt()} is called from one of those calls.
     *
     * @throws SssProtocolException for the first malformed frame; the decoder is then halted
     */
    public final void feed(ByteBuffer in) throws SssProtocolException {
        try {
            while (!halted && in.hasRemaining()) {
                step(in);
            }
        } catch (SssProtocolException e) {
            halted = true;
            throw e;
        } finally {
            release(in);
        }
        if (halted) {
            in.position(in.limit());
        }
    }

    /** Stops parsing: the rest of the current input and all later input are ignored. */
    public final void halt() {
        halted = true;
    }

    /** Forgets any partial frame and un-halts: for a new link. */
    public final void reset() {
        phase = Phase.HEADER;
        halted = false;
        scratchFill = 0;
        pieceFill = 0;
        borrowed = null;
        rideshare = null;
    }

    /** Whether the decoder is between frames (no partial frame held). */
    public final boolean atFrameBoundary() {
        return phase == Phase.HEADER && scratchFill == 0;
    }

    /**
     * A frame header arrived. Checks that this side accepts {@code type} with this {@code rem}
     * (throwing {@link SssProtocolException} otherwise) and says how to treat the body.
     */
    abstract Body frameStarted(SssFrameType type, int rem) throws SssProtocolException;

    /** A collected body: {@code body}'s position..limit is exactly the {@code rem} bytes. */
    abstract void frameBody(SssFrameType type, ByteBuffer body) throws SssProtocolException;

    /** A payload frame's sub-header (and rideshare prefix) arrived; {@code length} payload bytes follow. */
    abstract void payloadStarted(SssFrameType type, int flags, int holdOrLatency, long micros, String rideshare,
                                 int length) throws SssProtocolException;

    /** One piece of the current payload: position..limit, valid only during the call. */
    abstract void payloadPiece(ByteBuffer piece, int pieceFlags) throws SssProtocolException;

    private void step(ByteBuffer in) throws SssProtocolException {
        switch (phase) {
            case HEADER -> {
                ByteBuffer unit = collect(in, HEADER_SIZE);
                if (unit == null) {
                    return;
                }
                int p = unit.position();
                int code = unit.get(p) & 0xFF;
                rem = unit.getShort(p + 1) & 0xFFFF;
                release(in);
                type = SssFrameType.byCode(code);
                if (type == null) {
                    throw new SssProtocolException(null, String.format("unknown frame type 0x%02X (rem %d)", code, rem));
                }
                begin(frameStarted(type, rem));
            }
            case BODY -> {
                ByteBuffer body = collect(in, rem);
                if (body == null) {
                    return;
                }
                phase = Phase.HEADER;
                frameBody(type, body);
                release(in);
            }
            case SKIP -> {
                int n = Math.min(skipLeft, in.remaining());
                in.position(in.position() + n);
                skipLeft -= n;
                if (skipLeft == 0) {
                    phase = Phase.HEADER;
                }
            }
            case PAYLOAD_HEADER -> payloadHeader(in);
            case RIDESHARE_LENGTH -> rideshareLength(in);
            case RIDESHARE_NAME -> rideshareName(in);
            case PAYLOAD -> payload(in);
        }
    }

    private void begin(Body body) throws SssProtocolException {
        switch (body) {
            case SKIP -> {
                skipLeft = rem;
                phase = rem == 0 ? Phase.HEADER : Phase.SKIP;
            }
            case PAYLOAD -> phase = Phase.PAYLOAD_HEADER;
            case COLLECT -> {
                if (rem == 0) {
                    phase = Phase.HEADER;
                    scratchView.limit(0).position(0);
                    frameBody(type, scratchView);
                } else {
                    phase = Phase.BODY;
                }
            }
        }
    }

    private void payloadHeader(ByteBuffer in) throws SssProtocolException {
        ByteBuffer unit = collect(in, PAYLOAD_SUBHEADER_SIZE);
        if (unit == null) {
            return;
        }
        int p = unit.position();
        payloadFlags = unit.getInt(p);
        payloadWord = unit.getInt(p + 4);
        payloadMicros = unit.getLong(p + 8);
        release(in);
        rideshare = null;
        prefixLength = 0;
        if ((payloadFlags & PayloadFlags.RIDESHARE) != 0) {
            if (rem < PAYLOAD_SUBHEADER_SIZE + 1) {
                throw new SssProtocolException(type, "RIDESHARE flag set but rem " + rem
                        + " leaves no room for the rideshare name length");
            }
            phase = Phase.RIDESHARE_LENGTH;
        } else {
            startPayload();
        }
    }

    private void rideshareLength(ByteBuffer in) throws SssProtocolException {
        int slen = in.get() & 0xFF;
        if (slen == 0) {
            throw new SssProtocolException(type, "rideshare name length 0 with the RIDESHARE flag set"
                    + " (lws overwrites its parser state here; Strand refuses it)");
        }
        if (slen > MAX_RIDESHARE_NAME) {
            throw new SssProtocolException(type, "rideshare name length " + slen + ", the most is "
                    + MAX_RIDESHARE_NAME + " (HKStella-04)");
        }
        prefixLength = 1 + slen;
        if (PAYLOAD_SUBHEADER_SIZE + prefixLength > rem) {
            throw new SssProtocolException(type, "rideshare name length " + slen + " runs past rem " + rem);
        }
        phase = Phase.RIDESHARE_NAME;
    }

    private void rideshareName(ByteBuffer in) throws SssProtocolException {
        ByteBuffer unit = collect(in, prefixLength - 1);
        if (unit == null) {
            return;
        }
        rideshare = ascii(unit, unit.position(), prefixLength - 1);
        release(in);
        startPayload();
    }

    private void startPayload() throws SssProtocolException {
        payloadLength = rem - PAYLOAD_SUBHEADER_SIZE - prefixLength;
        payloadDelivered = 0;
        pieceFill = 0;
        phase = Phase.PAYLOAD;
        pieceSize = Math.min(PIECE_SIZE, payloadLength);
        payloadStarted(type, payloadFlags, payloadWord, payloadMicros, rideshare, payloadLength);
        if (payloadLength == 0) {
            phase = Phase.HEADER;
            pieceView.limit(0).position(0);
            payloadPiece(pieceView, SssWire.pieceFlags(payloadFlags, true, true));
        }
    }

    private void payload(ByteBuffer in) throws SssProtocolException {
        int size = pieceSize;
        int flags = SssWire.pieceFlags(payloadFlags, payloadDelivered == 0, payloadDelivered + size == payloadLength);
        if (pieceFill == 0 && in.remaining() >= size) {
            int start = in.position();
            int limit = in.limit();
            in.limit(start + size);
            try {
                payloadPiece(in, flags);
            } finally {
                in.limit(limit);
                in.position(start + size);
            }
        } else {
            int n = Math.min(size - pieceFill, in.remaining());
            in.get(pieceBytes, pieceFill, n);
            pieceFill += n;
            if (pieceFill < size) {
                return;
            }
            pieceFill = 0;
            pieceView.limit(size).position(0);
            payloadPiece(pieceView, flags);
        }
        payloadDelivered += size;
        if (payloadDelivered == payloadLength) {
            phase = Phase.HEADER;
        } else {
            pieceSize = Math.min(PIECE_SIZE, payloadLength - payloadDelivered);
        }
    }

    /**
     * Returns a buffer positioned on the next {@code n} bytes, or {@code null} when they have not
     * all arrived yet (what did arrive is kept). When the input holds all {@code n} bytes and
     * nothing was kept, the input itself is returned with its limit narrowed ({@link #release}
     * restores it); otherwise the bytes are gathered in the scratch buffer.
     */
    private ByteBuffer collect(ByteBuffer in, int n) {
        if (scratchFill == 0 && in.remaining() >= n) {
            borrowed = in;
            borrowedLimit = in.limit();
            borrowedEnd = in.position() + n;
            in.limit(borrowedEnd);
            return in;
        }
        if (scratch.length < n) {
            byte[] bigger = new byte[Math.max(n, scratch.length * 2)];
            System.arraycopy(scratch, 0, bigger, 0, scratchFill);
            scratch = bigger;
            scratchView = ByteBuffer.wrap(scratch);
        }
        int k = Math.min(n - scratchFill, in.remaining());
        in.get(scratch, scratchFill, k);
        scratchFill += k;
        if (scratchFill < n) {
            return null;
        }
        scratchFill = 0;
        scratchView.limit(n).position(0);
        return scratchView;
    }

    private void release(ByteBuffer in) {
        if (borrowed == in) {
            in.limit(borrowedLimit);
            in.position(borrowedEnd);
            borrowed = null;
        }
    }

    /**
     * Checks a METADATA body (namelen(1) name value) as both lws parsers do, but without their
     * memory bugs: a name of 1..30 bytes and a value of at least one byte.
     *
     * @return the name length
     */
    static int metadataNameLength(SssFrameType type, ByteBuffer body) throws SssProtocolException {
        int len = body.remaining();
        int nameLength = body.get(body.position()) & 0xFF;
        if (nameLength == 0) {
            throw new SssProtocolException(type, "metadata name length 0; a name needs 1.."
                    + MAX_METADATA_NAME + " bytes (lws writes past its name buffer here)");
        }
        if (nameLength > MAX_METADATA_NAME) {
            throw new SssProtocolException(type, "metadata name length " + nameLength + ", the most is "
                    + MAX_METADATA_NAME);
        }
        if (1 + nameLength >= len) {
            throw new SssProtocolException(type, "rem " + len + " leaves no value after a name of "
                    + nameLength + " bytes; a value needs at least 1 byte");
        }
        return nameLength;
    }

    /** The metadata name of a body checked by {@link #metadataNameLength}. */
    static String metadataName(ByteBuffer body, int nameLength) {
        return ascii(body, body.position() + 1, nameLength);
    }

    /** A copy of the metadata value of a body checked by {@link #metadataNameLength}. */
    static byte[] metadataValue(ByteBuffer body, int nameLength) {
        byte[] value = new byte[body.remaining() - 1 - nameLength];
        body.get(body.position() + 1 + nameLength, value);
        return value;
    }

    /** {@code length} bytes at absolute {@code offset} as a string, one char per byte. */
    static String ascii(ByteBuffer b, int offset, int length) {
        if (b.hasArray()) {
            return new String(b.array(), b.arrayOffset() + offset, length, StandardCharsets.ISO_8859_1);
        }
        byte[] copy = new byte[length];
        b.get(offset, copy);
        return new String(copy, StandardCharsets.ISO_8859_1);
    }
}
