package dev.strand.core.net.sss;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Records every frame a decoder reports as a {@link Frame} value, so that tests can compare what
 * different splits of the same bytes decode to, and re-encode each frame to check the encoder.
 */
final class FrameLog implements ClientFrameSink, ProxyFrameSink {

    /**
     * One decoded frame. Fields not used by a type are 0 or null; {@code payload} is hex, and
     * {@code pieces} lists each piece as length/flags.
     */
    record Frame(SssFrameType type, long a, long b, long c, String text, List<String> names, String payload,
                 List<String> pieces) {
        int payloadLength() {
            return payload == null ? 0 : payload.length() / 2;
        }
    }

    final List<Frame> frames = new ArrayList<>();
    private SssFrameType payloadType;
    private int payloadFlags;
    private int payloadWord;
    private long payloadMicros;
    private String payloadRideshare;
    private ByteArrayOutputStream payload;
    private List<String> pieces;
    private int expected;

    @Override
    public void onFrameStart(SssFrameType type, int rem) {
    }

    @Override
    public void onCreateResult(boolean created, long clientBufLen, List<String> rideshares) {
        frames.add(new Frame(SssFrameType.CREATE_RESULT, created ? 0 : 1, clientBufLen, 0, null, rideshares, null, null));
    }

    @Override
    public void onConnState(long state, long ordinal) {
        frames.add(new Frame(SssFrameType.CONNSTATE, state, ordinal, 0, null, null, null, null));
    }

    @Override
    public void onRxPayloadStart(int flags, int latency, long micros, String rideshare, int length) {
        start(SssFrameType.RX_PAYLOAD, flags, latency, micros, rideshare, length);
    }

    @Override
    public void onRxPayloadPiece(ByteBuffer piece, int flags) {
        piece(piece, flags);
    }

    @Override
    public void onRxMetadata(String name, byte[] value) {
        frames.add(new Frame(SssFrameType.RX_METADATA, 0, 0, 0, name, null, HexFormat.of().formatHex(value), null));
    }

    @Override
    public void onRxCredit(int delta) {
        frames.add(new Frame(SssFrameType.RX_CREDIT, delta, 0, 0, null, null, null, null));
    }

    @Override
    public void onPerf(ByteBuffer json) {
        byte[] b = new byte[json.remaining()];
        json.get(b);
        frames.add(new Frame(SssFrameType.PERF, 0, 0, 0, null, null, HexFormat.of().formatHex(b), null));
    }

    @Override
    public void onStreamType(long clientPid, int initialTxCredit, String streamType) {
        frames.add(new Frame(SssFrameType.STREAMTYPE, clientPid, initialTxCredit, 0, streamType, null, null, null));
    }

    @Override
    public void onOnwardConnect() {
        frames.add(new Frame(SssFrameType.ONWARD_CONNECT, 0, 0, 0, null, null, null, null));
    }

    @Override
    public void onDestroying() {
        frames.add(new Frame(SssFrameType.DESTROYING, 0, 0, 0, null, null, null, null));
    }

    @Override
    public void onTxPayloadStart(int flags, int holdMicros, long micros, String rideshare, int length) {
        start(SssFrameType.TX_PAYLOAD, flags, holdMicros, micros, rideshare, length);
    }

    @Override
    public void onTxPayloadPiece(ByteBuffer piece, int flags) {
        piece(piece, flags);
    }

    @Override
    public void onTxMetadata(String name, byte[] value) {
        frames.add(new Frame(SssFrameType.TX_METADATA, 0, 0, 0, name, null, HexFormat.of().formatHex(value), null));
    }

    @Override
    public void onTxCredit(int delta) {
        frames.add(new Frame(SssFrameType.TX_CREDIT, delta, 0, 0, null, null, null, null));
    }

    @Override
    public void onTimeoutUpdate(long millis) {
        frames.add(new Frame(SssFrameType.TIMEOUT_UPDATE, millis, 0, 0, null, null, null, null));
    }

    @Override
    public void onPayloadLengthHint(long length) {
        frames.add(new Frame(SssFrameType.PAYLOAD_LENGTH_HINT, length, 0, 0, null, null, null, null));
    }

    private void start(SssFrameType type, int flags, int word, long micros, String rideshare, int length) {
        payloadType = type;
        payloadFlags = flags;
        payloadWord = word;
        payloadMicros = micros;
        payloadRideshare = rideshare;
        payload = new ByteArrayOutputStream();
        pieces = new ArrayList<>();
        expected = length;
    }

    private void piece(ByteBuffer piece, int flags) {
        pieces.add(piece.remaining() + "/" + flags);
        while (piece.hasRemaining()) {
            payload.write(piece.get());
        }
        if (payload.size() == expected) {
            frames.add(new Frame(payloadType, payloadFlags, payloadWord, payloadMicros, payloadRideshare, null,
                    HexFormat.of().formatHex(payload.toByteArray()), List.copyOf(pieces)));
        }
    }

    /** The frame written back with {@link SssEncoder}. */
    static byte[] encode(Frame f) {
        ByteBuffer out = ByteBuffer.allocate(70_000);
        switch (f.type()) {
            case STREAMTYPE -> SssEncoder.streamType(out, f.a(), (int) f.b(), f.text());
            case ONWARD_CONNECT -> SssEncoder.onwardConnect(out);
            case DESTROYING -> SssEncoder.destroying(out);
            case TX_PAYLOAD, RX_PAYLOAD -> {
                byte[] p = HexFormat.of().parseHex(f.payload());
                SssEncoder.payloadHeader(out, f.type(), (int) f.a(), (int) f.b(), f.c(), f.text(), p.length);
                out.put(p);
            }
            case TX_METADATA, RX_METADATA -> SssEncoder.metadata(out, f.type(), f.text(), HexFormat.of().parseHex(f.payload()));
            case TX_CREDIT, RX_CREDIT -> SssEncoder.credit(out, f.type(), (int) f.a());
            case TIMEOUT_UPDATE -> SssEncoder.timeoutUpdate(out, f.a());
            case PAYLOAD_LENGTH_HINT -> SssEncoder.payloadLengthHint(out, f.a());
            case CREATE_RESULT -> SssEncoder.createResult(out, (int) f.a(), f.b(), f.names());
            case CONNSTATE -> SssEncoder.connState(out, f.a(), f.b());
            case PERF -> SssEncoder.perf(out, HexFormat.of().parseHex(f.payload()));
            default -> throw new IllegalArgumentException("cannot encode " + f.type());
        }
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }
}
