package dev.strand.core.net.mux.internal;

import java.nio.ByteBuffer;

/**
 * The incremental receive parser of the transport mux, with lws's states
 * ({@code enum lwstmc_parser}, {@code spec/wire.md} §4.2): commands may be split or joined at any
 * byte. It only recognises syntax and reports it to its {@link Sink}; what a command means is the
 * session's business.
 *
 * <p>Like lws, it has no way to resynchronise: a byte that is not a command is reported with
 * {@link Sink#onUnknownCommand} and the parser stays in the command state, so each following byte
 * is read as a new command. It never throws for any input and allocates nothing while parsing.
 * Not thread-safe: one parser per byte stream, used on that stream's loop.
 */
public final class MuxParser {

    /** What the parser found. Implementations must not throw. */
    public interface Sink {
        /** F0..F4 with their channel index. */
        void onChannelCommand(int command, int channel);

        /** The header of a MUX frame; {@code length} payload bytes follow in one or more {@link #onPayload} calls. */
        void onDataHeader(int channel, int length);

        /**
         * A piece of the current MUX frame's payload: the remaining bytes of {@code piece}. The
         * buffer is only valid during the call; the sink may consume it, the parser moves on anyway.
         */
        void onPayload(int channel, ByteBuffer piece);

        void onPing(long pingMicros);

        void onPong(long echoedPingMicros, long pongMicros);

        void onPongAck(long wallClockMicros);

        void onReset();

        /** A byte where a command was expected that is no command; the parser stays in that state. */
        void onUnknownCommand(int value);
    }

    // lws's parser states, same numbering (lws-secure-streams-serialization.h:449-458)
    static final int CMD = 0;
    static final int CHIDX_DONE = 1;
    static final int CHIDX = 2;
    static final int PLENH = 3;
    static final int PLENL = 4;
    static final int PAY = 5;
    static final int T64_1 = 6;
    static final int T64_2 = 7;

    private final Sink sink;
    private int state = CMD;
    private int command;
    private int channel;
    private int remaining;
    private int counter;
    private long time1;
    private long time2;

    public MuxParser(Sink sink) {
        this.sink = sink;
    }

    /** Parses all remaining bytes of {@code in}; on return its position is at its limit. */
    public void feed(ByteBuffer in) {
        final int limit = in.limit();
        int pos = in.position();
        while (pos < limit) {
            switch (state) {
                case CMD -> {
                    int b = in.get(pos++) & 0xFF;
                    command = b;
                    if (MuxWire.isChannelCommand(b)) {
                        state = CHIDX_DONE;
                    } else if (b == MuxWire.MUX) {
                        state = CHIDX;
                    } else if (MuxWire.isTimeCommand(b)) {
                        counter = 8;
                        time1 = 0;
                        state = T64_1;
                    } else if (b == MuxWire.RESET_TRANSPORT) {
                        sink.onReset();
                    } else {
                        sink.onUnknownCommand(b);
                    }
                }
                case CHIDX_DONE -> {
                    state = CMD;
                    sink.onChannelCommand(command, in.get(pos++) & 0xFF);
                }
                case CHIDX -> {
                    channel = in.get(pos++) & 0xFF;
                    state = PLENH;
                }
                case PLENH -> {
                    remaining = (in.get(pos++) & 0xFF) << 8;
                    state = PLENL;
                }
                case PLENL -> {
                    remaining |= in.get(pos++) & 0xFF;
                    state = remaining == 0 ? CMD : PAY;
                    sink.onDataHeader(channel, remaining);
                }
                case PAY -> {
                    int n = Math.min(remaining, limit - pos);
                    remaining -= n;
                    if (remaining == 0) {
                        state = CMD;
                    }
                    in.limit(pos + n).position(pos);
                    try {
                        sink.onPayload(channel, in);
                    } finally {
                        in.limit(limit);
                    }
                    pos += n;
                }
                case T64_1 -> {
                    time1 = time1 << 8 | (in.get(pos++) & 0xFF);
                    if (--counter == 0) {
                        timeComplete();
                    }
                }
                case T64_2 -> {
                    time2 = time2 << 8 | (in.get(pos++) & 0xFF);
                    if (--counter == 0) {
                        state = CMD;
                        sink.onPong(time1, time2);
                    }
                }
                default -> throw new AssertionError("mux parser state " + state);
            }
        }
        in.position(limit);
    }

    private void timeComplete() {
        switch (command) {
            case MuxWire.PING -> {
                state = CMD;
                sink.onPing(time1);
            }
            case MuxWire.PONGACK -> {
                state = CMD;
                sink.onPongAck(time1);
            }
            default -> {
                counter = 8;
                time2 = 0;
                state = T64_2;
            }
        }
    }

    /** Forgets any partial command: for a fresh byte stream (a new underlying link). */
    public void reset() {
        state = CMD;
        remaining = 0;
        counter = 0;
    }

    /**
     * Stops skipping the rest of the current MUX frame's payload and reads the next byte as a
     * command: for a session that has reason to believe the frame's length was corrupted.
     */
    public void abandonPayload() {
        if (state == PAY) {
            state = CMD;
            remaining = 0;
        }
    }

    /** The current state, numbered as lws numbers {@code enum lwstmc_parser}. */
    public int state() {
        return state;
    }

    /** Payload bytes of the current MUX frame still to come (0 outside a frame). */
    public int remainingPayload() {
        return state == PAY ? remaining : 0;
    }
}
