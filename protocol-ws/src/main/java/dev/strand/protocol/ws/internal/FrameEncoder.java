package dev.strand.protocol.ws.internal;

import dev.strand.protocol.ws.WsWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Writes RFC 6455 frames into one reusable buffer: header, then the payload, masked with a fresh
 * key from a {@link SecureRandom} for every frame when this end is a client (§5.3). The frame
 * returned is valid until the next call; a link copies or queues what it is given, so the
 * buffer is reused for every frame and nothing is allocated per frame once it has grown to the
 * largest frame. Confined to one connection's loop.
 */
final class FrameEncoder {

    private final boolean mask;
    private final SecureRandom random;
    private ByteBuffer out = ByteBuffer.allocate(WsWire.MAX_HEADER_LENGTH + WsWire.MAX_CONTROL_PAYLOAD);

    FrameEncoder(Role role, SecureRandom random) {
        this.mask = role.masksOutgoing();
        this.random = random;
    }

    /**
     * One frame carrying {@code payload}'s remaining bytes (its position is advanced to its limit).
     *
     * @return the frame, positioned at 0; valid until the next call
     */
    ByteBuffer frame(int opcode, boolean fin, ByteBuffer payload) {
        int length = payload.remaining();
        ensureCapacity(WsWire.MAX_HEADER_LENGTH + length);
        ByteBuffer b = out.clear();
        b.put((byte) ((fin ? WsWire.FIN : 0) | opcode));
        int maskBit = mask ? WsWire.MASKED : 0;
        if (length < WsWire.LENGTH_16) {
            b.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            b.put((byte) (maskBit | WsWire.LENGTH_16));
            b.putShort((short) length);
        } else {
            b.put((byte) (maskBit | WsWire.LENGTH_64));
            b.putLong(length);
        }
        if (!mask) {
            b.put(payload);
            return b.flip();
        }
        int key = random.nextInt();
        b.putInt(key);
        putMasked(b, payload, key);
        return b.flip();
    }

    /** A close frame with {@code code} and a UTF-8 reason; a code of {@link WsWire#CLOSE_NO_STATUS} sends an empty one. */
    ByteBuffer close(int code, byte[] reason) {
        if (code == WsWire.CLOSE_NO_STATUS) {
            return frame(WsWire.OP_CLOSE, true, ByteBuffer.allocate(0));
        }
        ByteBuffer p = ByteBuffer.allocate(2 + reason.length);
        p.putShort((short) code).put(reason).flip();
        return frame(WsWire.OP_CLOSE, true, p);
    }

    private void ensureCapacity(int n) {
        if (out.capacity() < n) {
            out = ByteBuffer.allocate(Math.max(n, out.capacity() * 2));
        }
    }

    /** Copies {@code src} into {@code dst} XOR-ed with the key, eight bytes at a time where it can. */
    static void putMasked(ByteBuffer dst, ByteBuffer src, int key) {
        long key8 = ((long) key << 32) | (key & 0xFFFFFFFFL);
        ByteOrder srcOrder = src.order();
        ByteOrder dstOrder = dst.order();
        src.order(ByteOrder.BIG_ENDIAN);
        dst.order(ByteOrder.BIG_ENDIAN);
        while (src.remaining() >= 8) {
            dst.putLong(src.getLong() ^ key8);
        }
        for (int i = 0; src.hasRemaining(); i++) {
            dst.put((byte) (src.get() ^ (key >>> (24 - 8 * (i & 3)))));
        }
        src.order(srcOrder);
        dst.order(dstOrder);
    }
}
