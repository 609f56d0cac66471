package dev.strand.protocol.ws.internal;

import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.CONTINUATION_WITHOUT_START;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.CONTROL_FRAME_TOO_LONG;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.FRAGMENTED_CONTROL_FRAME;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.LENGTH_TOO_LARGE;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.MASKED_SERVER_FRAME;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.MESSAGE_NOT_FINISHED;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.MESSAGE_TOO_BIG;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.RESERVED_BITS;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.RESERVED_OPCODE;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.UNMASKED_CLIENT_FRAME;

import dev.strand.protocol.ws.WebSocketProtocolException;
import dev.strand.protocol.ws.WsWire;
import java.nio.ByteBuffer;

/**
 * An incremental RFC 6455 frame parser: bytes may arrive split or joined at any point. It checks
 * every header as soon as its bytes are in (reserved bits, reserved opcodes, masking for the
 * role, control frame length and fragmentation, a 64-bit length with its top bit set, the
 * message sequence of data frames, the message size limit) and throws a
 * {@link WebSocketProtocolException} naming the problem, before any payload of that frame is
 * handed on.
 *
 * <p>Payload of data frames is handed on as views of the input, without copying, in whatever
 * pieces it arrives; a server's parser unmasks into one reusable scratch buffer. Control frames
 * are collected whole (at most 125 bytes) in a fixed array. No allocation per frame or per
 * byte. Confined to one connection's loop; unusable after it threw.
 */
final class FrameParser {

    private enum State { HEADER, PAYLOAD, CONTROL_PAYLOAD }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final Role role;
    private final long maxMessageSize;
    private final FrameSink sink;

    private State state = State.HEADER;
    private final byte[] header = new byte[WsWire.MAX_HEADER_LENGTH];
    private int headerHave;

    private int opcode;
    private boolean fin;
    private boolean masked;
    private long remaining;
    private final byte[] maskKey = new byte[WsWire.MASK_KEY_LENGTH];
    private int maskPhase;

    private final byte[] control = new byte[WsWire.MAX_CONTROL_PAYLOAD];
    private int controlLength;
    private int controlHave;

    private boolean inMessage;
    private long messageBytes;
    private ByteBuffer scratch;
    private boolean halted;

    /**
     * @param maxMessageSize the largest message (all its frames) accepted; larger fails with 1009
     */
    FrameParser(Role role, long maxMessageSize, FrameSink sink) {
        this.role = role;
        this.maxMessageSize = maxMessageSize;
        this.sink = sink;
    }

    /** Stops parsing for good: the connection is closing and what follows is ignored. */
    void halt() {
        halted = true;
    }

    /** Whether the parser is between frames (a clean point to stop). */
    boolean atFrameBoundary() {
        return state == State.HEADER && headerHave == 0;
    }

    /** Consumes {@code data} until it is empty or the parser is halted. */
    void parse(ByteBuffer data) throws WebSocketProtocolException {
        while (data.hasRemaining() && !halted) {
            switch (state) {
                case HEADER -> readHeader(data);
                case PAYLOAD -> readPayload(data);
                case CONTROL_PAYLOAD -> readControl(data);
            }
        }
    }

    // ---- header ------------------------------------------------------------------------------

    private void readHeader(ByteBuffer data) throws WebSocketProtocolException {
        while (data.hasRemaining() && !halted) {
            header[headerHave++] = data.get();
            if (headerHave == 2) {
                checkFirstTwoBytes();
            }
            if (headerHave >= 2 && headerHave == headerLength()) {
                headerComplete();
                return;
            }
        }
    }

    private int headerLength() {
        int len7 = header[1] & WsWire.LENGTH_MASK;
        int ext = len7 == WsWire.LENGTH_16 ? 2 : len7 == WsWire.LENGTH_64 ? 8 : 0;
        return 2 + ext + (masked ? WsWire.MASK_KEY_LENGTH : 0);
    }

    private void checkFirstTwoBytes() throws WebSocketProtocolException {
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        fin = (b0 & WsWire.FIN) != 0;
        opcode = b0 & WsWire.OPCODE_MASK;
        masked = (b1 & WsWire.MASKED) != 0;
        int len7 = b1 & WsWire.LENGTH_MASK;
        if ((b0 & WsWire.RSV_MASK) != 0) {
            throw new WebSocketProtocolException(RESERVED_BITS, WsWire.opcodeName(opcode) + " frame has reserved bit"
                    + ((b0 & 0x40) != 0 ? " RSV1" : "") + ((b0 & 0x20) != 0 ? " RSV2" : "") + ((b0 & 0x10) != 0 ? " RSV3" : "")
                    + " set, but no extension was negotiated");
        }
        if (!WsWire.isDefinedOpcode(opcode)) {
            throw new WebSocketProtocolException(RESERVED_OPCODE, "frame has " + WsWire.opcodeName(opcode));
        }
        if (role == Role.CLIENT && masked) {
            throw new WebSocketProtocolException(MASKED_SERVER_FRAME, "the server sent a masked "
                    + WsWire.opcodeName(opcode) + " frame (RFC 6455 §5.1: a client must fail the connection)");
        }
        if (role == Role.SERVER && !masked) {
            throw new WebSocketProtocolException(UNMASKED_CLIENT_FRAME, "the client sent an unmasked "
                    + WsWire.opcodeName(opcode) + " frame (RFC 6455 §5.1)");
        }
        if (WsWire.isControl(opcode)) {
            if (!fin) {
                throw new WebSocketProtocolException(FRAGMENTED_CONTROL_FRAME, WsWire.opcodeName(opcode)
                        + " frame is fragmented (FIN clear); control frames must not be");
            }
            if (len7 > WsWire.MAX_CONTROL_PAYLOAD) {
                throw new WebSocketProtocolException(CONTROL_FRAME_TOO_LONG, WsWire.opcodeName(opcode)
                        + " frame announces more than " + WsWire.MAX_CONTROL_PAYLOAD + " bytes of payload");
            }
        }
    }

    private void headerComplete() throws WebSocketProtocolException {
        int len7 = header[1] & WsWire.LENGTH_MASK;
        int at = 2;
        long length;
        if (len7 == WsWire.LENGTH_16) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            at = 4;
        } else if (len7 == WsWire.LENGTH_64) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                throw new WebSocketProtocolException(LENGTH_TOO_LARGE, "frame has a 64-bit payload length with the"
                        + " most significant bit set");
            }
            at = 10;
        } else {
            length = len7;
        }
        if (masked) {
            System.arraycopy(header, at, maskKey, 0, WsWire.MASK_KEY_LENGTH);
        }
        maskPhase = 0;
        headerHave = 0;
        remaining = length;
        if (WsWire.isControl(opcode)) {
            controlLength = (int) length;
            controlHave = 0;
            state = State.CONTROL_PAYLOAD;
            if (length == 0) {
                finishControl();
            }
            return;
        }
        checkSequence(length);
        state = State.PAYLOAD;
        sink.onDataFrame(opcode, fin, length);
        if (length == 0) {
            state = State.HEADER;
            sink.onData(EMPTY.duplicate(), true);
        }
    }

    private void checkSequence(long length) throws WebSocketProtocolException {
        if (opcode == WsWire.OP_CONTINUATION) {
            if (!inMessage) {
                throw new WebSocketProtocolException(CONTINUATION_WITHOUT_START,
                        "continuation frame arrived with no fragmented message in progress");
            }
        } else if (inMessage) {
            throw new WebSocketProtocolException(MESSAGE_NOT_FINISHED, WsWire.opcodeName(opcode)
                    + " frame starts a new message while a fragmented message is still in progress");
        } else {
            messageBytes = 0;
        }
        if (length > maxMessageSize - messageBytes) {
            throw new WebSocketProtocolException(MESSAGE_TOO_BIG, "message of at least " + (messageBytes + length)
                    + " bytes exceeds the maximum message size of " + maxMessageSize + " bytes");
        }
        messageBytes += length;
        inMessage = !fin;
    }

    // ---- payload -----------------------------------------------------------------------------

    private void readPayload(ByteBuffer data) throws WebSocketProtocolException {
        int n = (int) Math.min(remaining, data.remaining());
        ByteBuffer piece = data.slice();
        piece.limit(n);
        data.position(data.position() + n);
        remaining -= n;
        boolean done = remaining == 0;
        if (done) {
            state = State.HEADER;
        }
        sink.onData(masked ? unmaskIntoScratch(piece) : piece, done);
    }

    private ByteBuffer unmaskIntoScratch(ByteBuffer piece) {
        int n = piece.remaining();
        if (scratch == null || scratch.capacity() < n) {
            scratch = ByteBuffer.allocate(Math.max(n, 4096));
        }
        ByteBuffer out = scratch.clear().limit(n);
        for (int i = 0; i < n; i++) {
            out.put(i, (byte) (piece.get(piece.position() + i) ^ maskKey[(maskPhase + i) & 3]));
        }
        maskPhase = (maskPhase + n) & 3;
        return out;
    }

    private void readControl(ByteBuffer data) throws WebSocketProtocolException {
        int n = Math.min(controlLength - controlHave, data.remaining());
        data.get(control, controlHave, n);
        controlHave += n;
        if (controlHave == controlLength) {
            finishControl();
        }
    }

    private void finishControl() throws WebSocketProtocolException {
        if (masked) {
            for (int i = 0; i < controlLength; i++) {
                control[i] ^= maskKey[i & 3];
            }
        }
        state = State.HEADER;
        sink.onControl(opcode, ByteBuffer.wrap(control, 0, controlLength).asReadOnlyBuffer());
    }
}
