package dev.strand.benchmarks.mux;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.mux.MuxSettings;
import dev.strand.core.net.mux.MuxTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SssWire;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;

/**
 * Measures how much of what goes on the wire is carried data, with a real client and server mux
 * session on counted in-JVM links ({@link TapTransport}) and a fake clock (no PINGs during the
 * run; their cost is printed apart):
 *
 * <ul>
 *   <li>mux layer: bytes written into a channel over bytes on the wire;</li>
 *   <li>application layer: the application's payload over bytes on the wire, each payload carried
 *       in one SSS TX_PAYLOAD frame, i.e. 3-byte SSS header + 16-byte payload sub-header + payload
 *       (spec/wire.md §1.4.4), written into the channel as one write.</li>
 * </ul>
 *
 * Two ways of writing: "paced" (each write goes out before the next is made, one MUX frame per
 * write: what an lws client does) and "burst" (all writes queued at once, so the mux packs them
 * into frames of up to the frame limit). Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.strand.benchmarks.mux.MuxEfficiency}.
 */
public final class MuxEfficiency {

    /** SSS TX_PAYLOAD framing around each application payload: 3-byte header + 16-byte sub-header (19). */
    static final int SSS_PAYLOAD_OVERHEAD = SssWire.PAYLOAD_HEADER_SIZE;
    static final int WRITES = 2000;

    private MuxEfficiency() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("writes of N bytes, " + WRITES + " each; wire = client-to-server bytes of the underlying link");
        System.out.println(String.format(Locale.ROOT, "%-6s %-6s %-6s %12s %12s %8s %12s %8s",
                "frame", "mode", "N", "mux bytes", "mux wire", "mux %", "app wire", "app %"));
        for (int frame : new int[] {MuxSettings.DEFAULT.maxFramePayload(), 65535}) {
            for (boolean burst : new boolean[] {false, true}) {
                for (int n : new int[] {64, 1024, 16384}) {
                    long muxWire = measure(frame, burst, n);
                    long appWire = measure(frame, burst, n + SSS_PAYLOAD_OVERHEAD);
                    long carried = (long) WRITES * n;
                    System.out.println(String.format(Locale.ROOT, "%-6d %-6s %-6d %12d %12d %8.3f %12d %8.3f",
                            frame, burst ? "burst" : "paced", n, carried, muxWire, 100.0 * carried / muxWire,
                            appWire, 100.0 * carried / appWire));
                }
            }
        }
        System.out.println("not counted above: link detection, PING 9 + PONG 17 + PONGACK 9 bytes per exchange; both"
                + " sides ping once per interval, so 35 bytes per interval in each direction (3.5 B/s with lws's 10 s)");
    }

    /** Bytes on the wire for {@code WRITES} channel writes of {@code size} bytes. */
    static long measure(int frame, boolean burst, int size) throws Exception {
        ManualLoop loop = new ManualLoop();
        TapTransport tap = new TapTransport();
        Providers providers = Providers.empty();
        providers.addTransport(tap);
        MuxTransport mux = new MuxTransport(providers, MuxSettings.DEFAULT.withMaxFramePayload(frame)
                .withChannelBuffers(64 << 20, 64 << 20));
        String name = "eff-" + frame + "-" + burst + "-" + size + "-" + System.nanoTime();
        long[] received = {0};
        var listener = mux.listen(Endpoint.parse("mux+tap:" + name), loop, link -> new Sink(received));
        Link[] client = new Link[1];
        mux.connect(Endpoint.parse("mux+tap:" + name), ConnectOptions.DEFAULT, loop, new Sink(null) {
            @Override
            public void onOpen(Link link) {
                client[0] = link;
            }
        });
        for (int i = 0; i < 5; i++) {
            loop.advance(Duration.ZERO);
        }
        if (client[0] == null) {
            throw new IllegalStateException("channel did not open");
        }
        tap.resetCounters();
        byte[] data = new byte[size];
        for (int i = 0; i < WRITES; i++) {
            client[0].write(ByteBuffer.wrap(data));
            if (!burst) {
                loop.runPending();
            }
        }
        loop.runPending();
        long expected = (long) WRITES * size;
        if (received[0] != expected) {
            throw new IllegalStateException("received " + received[0] + " of " + expected);
        }
        long wire = tap.clientWrote.get();
        mux.close();
        listener.close();
        loop.runPending();
        return wire;
    }

    private static class Sink implements LinkHandler {
        private final long[] received;

        Sink(long[] received) {
            this.received = received;
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            if (received != null) {
                received[0] += data.remaining();
            }
            data.position(data.limit());
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
        }
    }
}
