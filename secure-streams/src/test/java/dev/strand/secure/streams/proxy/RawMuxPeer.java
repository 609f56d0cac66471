package dev.strand.secure.streams.proxy;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.transport.uart.UartTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A peer on a serial device that speaks the transport mux byte by byte, as a test writes it: it
 * answers every PING with a PONG (echoing its time) and otherwise sends only what the test says.
 * What arrives is split into mux frames (by the table of spec/wire.md §4.1, independently of the
 * code under test) and channel payload is collected per channel. Callbacks run on the peer's own
 * loop; the test thread waits through the synchronized accessors.
 */
final class RawMuxPeer implements LinkHandler, AutoCloseable {

    private final EventLoop loop = new EventLoop("raw-mux-peer");
    private final CompletableFuture<Link> opened = new CompletableFuture<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<byte[]> frames = new ArrayList<>();
    private final Map<Integer, ByteArrayOutputStream> channels = new HashMap<>();
    private Link link;

    RawMuxPeer(String device) throws Exception {
        new UartTransport().connect(Endpoint.parse("uart:" + device + "?baud=2000000"), ConnectOptions.DEFAULT, loop, this);
        link = opened.get(20, TimeUnit.SECONDS);
    }

    /** Writes {@code bytes} to the line as one write. */
    void send(byte[] bytes) {
        loop.execute(() -> link.write(ByteBuffer.wrap(bytes)));
    }

    /** Waits for a frame from the peer, after the first {@code from}, that {@code matches}; returns its index. */
    int awaitFrame(int from, Predicate<byte[]> matches, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (int i = from; i < frames.size(); i++) {
                    if (matches.test(frames.get(i))) {
                        return i;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + timeout + "; frames: " + kinds());
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits until channel {@code ch} has carried at least {@code n} payload bytes; returns them all. */
    byte[] awaitChannel(int ch, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (channel(ch).length < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("channel " + ch + " carried " + channel(ch).length + " of " + n
                            + " bytes within " + timeout + "; frames: " + kinds());
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return channel(ch);
        }
    }

    /** Everything channel {@code ch} carried so far. */
    synchronized byte[] channel(int ch) {
        ByteArrayOutputStream b = channels.get(ch);
        return b == null ? new byte[0] : b.toByteArray();
    }

    synchronized List<byte[]> frames() {
        return List.copyOf(frames);
    }

    /** The frames so far as command names with their channel, for messages. */
    synchronized List<String> kinds() {
        return frames.stream().map(RawMuxPeer::describe).toList();
    }

    static String describe(byte[] f) {
        return switch (f[0] & 0xFF) {
            case 0xF0 -> "REQ " + (f[1] & 0xFF);
            case 0xF1 -> "ACK " + (f[1] & 0xFF);
            case 0xF2 -> "NACK " + (f[1] & 0xFF);
            case 0xF3 -> "CLOSE " + (f[1] & 0xFF);
            case 0xF4 -> "CLOSE_ACK " + (f[1] & 0xFF);
            case 0xF5 -> "MUX " + (f[1] & 0xFF) + "/" + (f.length - 4);
            case 0xF6 -> "PING";
            case 0xF7 -> "PONG";
            case 0xF8 -> "PONGACK";
            case 0xF9 -> "RESET";
            default -> String.format("0x%02X", f[0] & 0xFF);
        };
    }

    /** The mux frame's size from its first bytes, or -1 if more bytes are needed to tell. */
    private static int frameSize(byte[] b, int at) {
        int cmd = b[at] & 0xFF;
        return switch (cmd) {
            case 0xF0, 0xF1, 0xF2, 0xF3, 0xF4 -> 2;
            case 0xF5 -> b.length - at < 4 ? -1 : 4 + ((b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF);
            case 0xF6, 0xF8 -> 9;
            case 0xF7 -> 17;
            case 0xF9 -> 1;
            default -> 1;
        };
    }

    @Override
    public void onOpen(Link l) {
        opened.complete(l);
    }

    @Override
    public void onRead(Link l, ByteBuffer data) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        synchronized (this) {
            pending.writeBytes(chunk);
            byte[] b = pending.toByteArray();
            int at = 0;
            while (at < b.length) {
                int size = frameSize(b, at);
                if (size < 0 || at + size > b.length) {
                    break;
                }
                byte[] f = Arrays.copyOfRange(b, at, at + size);
                frames.add(f);
                at += size;
                if ((f[0] & 0xFF) == 0xF5) {
                    channels.computeIfAbsent(f[1] & 0xFF, k -> new ByteArrayOutputStream()).write(f, 4, f.length - 4);
                } else if ((f[0] & 0xFF) == 0xF6) {
                    ByteBuffer pong = ByteBuffer.allocate(17).put((byte) 0xF7).put(f, 1, 8).putLong(loop.monotonicMicros());
                    l.write(pong.flip());
                }
            }
            pending.reset();
            pending.write(b, at, b.length - at);
            notifyAll();
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        opened.completeExceptionally(cause);
    }

    @Override
    public void close() throws Exception {
        loop.execute(() -> link.close());
        Thread.sleep(100);
        loop.close();
    }
}
