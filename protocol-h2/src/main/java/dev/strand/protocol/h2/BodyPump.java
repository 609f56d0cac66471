package dev.strand.protocol.h2;

import dev.strand.api.transport.Link;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Sends request bodies as DATA frames, round robin over the streams that have bytes, within
 * their and the connection's flow-control windows and while the link takes more; when the link
 * is full it asks to be told when it is writable again. Confined to the session's loop.
 */
final class BodyPump {

    /** Frames built up to this many bytes go to the link before more body bytes are framed. */
    private static final int FLUSH_THRESHOLD = 256 * 1024;

    private final H2Session session;
    private final Link link;
    private final FrameOutput out;
    private final FlowWindows windows;
    private final ArrayDeque<RequestBodySender> sending = new ArrayDeque<>();
    private boolean pumping;
    private boolean waitingForWritable;

    BodyPump(H2Session session, Link link, FrameOutput out, FlowWindows windows) {
        this.session = session;
        this.link = link;
        this.out = out;
        this.windows = windows;
    }

    /** A body has bytes (or its end) to send. */
    void ready(RequestBodySender b) {
        if (!sending.contains(b)) {
            sending.addLast(b);
        }
        pump();
    }

    /** The body's stream ended: nothing more of it is sent. */
    void forget(RequestBodySender b) {
        sending.remove(b);
    }

    /** The link asked for more after being full. */
    void writable() {
        waitingForWritable = false;
        pump();
    }

    /** Sends DATA for the bodies that have bytes, within the windows and while the link takes more. */
    void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            boolean progress = true;
            while (progress && !sending.isEmpty() && session.isOpen()) {
                progress = false;
                for (int i = sending.size(); i > 0 && !sending.isEmpty(); i--) {
                    if (!link.isWritable() || out.pending() > FLUSH_THRESHOLD) {
                        out.flush();
                        if (!link.isWritable()) {
                            if (!waitingForWritable) {
                                waitingForWritable = true;
                                link.requestWrite();
                            }
                            return;
                        }
                    }
                    RequestBodySender b = sending.pollFirst();
                    progress |= sendSome(b);
                    if (b.stream.body == b && b.current() != null && !sending.contains(b)) {
                        sending.addLast(b);
                    }
                }
            }
        } finally {
            pumping = false;
        }
    }

    /** One DATA frame (or the END_STREAM) for one body; whether anything went out. */
    private boolean sendSome(RequestBodySender b) {
        H2Stream s = b.stream;
        boolean sent = false;
        ByteBuffer data = b.current();
        if (data != null) {
            int n = windows.sendable(s, data.remaining(), session.peerMaxFrameSize());
            if (n > 0) {
                windows.sent(s, n);
                out.frames().data(s.id, data, n, false);
                b.sent();
                sent = true;
            }
        }
        if (b.finished() && s.body == b) {
            out.frames().data(s.id, ByteBuffer.allocate(0), 0, true);
            s.body = null;
            session.requestSent(s);
            sent = true;
        }
        return sent;
    }
}
