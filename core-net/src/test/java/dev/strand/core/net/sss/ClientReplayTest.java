package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.sss.FrameLog.Frame;
import dev.strand.core.net.testing.GoldenCapture;
import dev.strand.core.net.testing.GoldenCapture.Chunk;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays the proxy side of each capture of real lws traffic to a Strand client, driven by an
 * application that does what the capture's lws application did, and checks that the client
 * accepts every frame and writes what the lws client wrote, byte for byte, except the pid and
 * payload timestamps, which are checked for range.
 *
 * <p>Where the lws HEAD client's own ordering differs from its application's calls (mintest sets
 * its timeout and metadata in CREATING, yet lws sent ONWARD_CONNECT first and the rest only after
 * CONNECTING, and again on every CONNECTING), the scripted application makes those calls when
 * lws put them on the wire; the Strand client sends in the priority order of wire.md §2.2.
 */
class ClientReplayTest {

    private final ManualLoop loop = new ManualLoop();
    private final LoopbackTransport transport = new LoopbackTransport();
    private final Endpoint endpoint = Endpoint.parse("mem:client-replay-" + System.nanoTime());
    private final RawPeer proxy = new RawPeer();
    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_HELLO_WORLD", "TCP_HELLO_WORLD"})
    void helloWorldSetsItsEndpointThenConnects(Captures capture) throws Exception {
        String url = metadataSent(capture, "endpoint");
        ScriptedApp app = new ScriptedApp().on(CREATING, s -> {
            s.setMetadata("endpoint", url);
            s.connect();
            return StreamResult.OK;
        });
        app.onRx = (s, flags) -> (flags & PayloadFlags.EOM) != 0 ? StreamResult.DESTROY_ME : StreamResult.OK;

        replay(capture, "__default", app, SssLinkProfile.SOCKET, true);

        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING), app.states);
        assertTrue(app.rx.toString(StandardCharsets.ISO_8859_1).startsWith("interop-ok GET /hello.html"));
        assertEquals(List.of("157/1", "0/2"), app.rxCalls);
    }

    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_MINTEST", "TCP_MINTEST", "THIRD_PARTY_LWS_CLIENT", "TLS_BADCA"})
    void mintestConnectsAndSetsItsTimeoutAndMetadataOnEveryConnecting(Captures capture) throws Exception {
        List<String> metadataAtRx = new ArrayList<>();
        ScriptedApp app = mintestApp();
        app.onRx = (s, flags) -> {
            metadataAtRx.add(s.metadata("test").map(String::new).orElse("-") + "," + s.metadata("srv").map(String::new).orElse("-"));
            return (flags & PayloadFlags.EOM) != 0 ? StreamResult.DESTROY_ME : StreamResult.OK;
        };

        replay(capture, "mintest", app, SssLinkProfile.SOCKET, true);

        assertEquals(DESTROYING, app.states.get(app.states.size() - 1));
        if (capture == Captures.ABSTRACT_MINTEST) {
            assertEquals(List.of("1,interop-httpd/1 Python/3.11.2", "1,interop-httpd/1 Python/3.11.2"), metadataAtRx,
                    "rx metadata is in place before the rx it came with");
        }
        if (capture == Captures.TLS_BADCA) {
            assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING,
                    UNREACHABLE, POLL, CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED, DESTROYING), app.states);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_HTTP_POST", "TCP_HTTP_POST"})
    void httpPostAnnouncesItsLengthAndSendsTheBodyInSocketSizedFrames(Captures capture) throws Exception {
        String ctype = metadataSent(capture, "ctype");
        byte[] body = payloadSent(capture);
        int[] at = {0};
        ScriptedApp app = new ScriptedApp().on(CREATING, s -> {
            s.setMetadata("ctype", ctype);
            s.requestTx(body.length);
            return StreamResult.OK;
        });
        app.onTx = (s, chunk) -> {
            ByteBuffer b = chunk.buffer();
            int n = Math.min(b.remaining(), body.length - at[0]);
            b.put(body, at[0], n);
            chunk.flags((at[0] == 0 ? PayloadFlags.SOM : 0) | (at[0] + n == body.length ? PayloadFlags.EOM : 0));
            at[0] += n;
            if (at[0] < body.length) {
                s.requestTx();
            }
            return StreamResult.OK;
        };
        app.onRx = (s, flags) -> (flags & PayloadFlags.EOM) != 0 ? StreamResult.DESTROY_ME : StreamResult.OK;

        replay(capture, "minpost", app, SssLinkProfile.SOCKET, true);

        assertEquals(5970, body.length);
        assertTrue(app.rx.toString(StandardCharsets.ISO_8859_1).startsWith("interop-ok POST /testserver/formtest got 5970 bytes"));
    }

    @ParameterizedTest
    @EnumSource(names = "WS_ECHO")
    void wsEchoSendsNineMessagesHalfASecondApartUntilItsTimeout(Captures capture) throws Exception {
        SecureStream[] stream = new SecureStream[1];
        int[] sent = {0};
        ScriptedApp app = new ScriptedApp()
                .on(CREATING, s -> {
                    s.startTimeout(5000);
                    return StreamResult.OK;
                })
                .on(CONNECTED, s -> {
                    loop.schedule(new Runnable() {
                        @Override
                        public void run() {
                            if (sent[0] < 9) {
                                stream[0].requestTx(7);
                                loop.schedule(this, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
                            }
                        }
                    }, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
                    return StreamResult.OK;
                })
                .on(TIMEOUT, s -> StreamResult.DESTROY_ME);
        app.onTx = (s, chunk) -> {
            chunk.buffer().put(("hello " + sent[0]++).getBytes(StandardCharsets.US_ASCII));
            chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
            return StreamResult.OK;
        };

        replay(capture, "sx_ws_echo", app, SssLinkProfile.SOCKET, true, s -> stream[0] = s);

        assertEquals(9, sent[0]);
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, TIMEOUT, DISCONNECTED, DESTROYING), app.states);
        assertEquals(9 + 9 - 1 /* hello 0 has no empty frame before it */, app.rxCalls.size());
    }

    @ParameterizedTest
    @EnumSource(names = "UART_BINANCE")
    void binanceOverAMuxChannelOnlyCreatesItsStreamAndReceives(Captures capture) throws Exception {
        ScriptedApp app = new ScriptedApp();
        SecureStream[] stream = new SecureStream[1];

        replay(capture, "binance", app, SssLinkProfile.MUX_CHANNEL, false, s -> stream[0] = s);

        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), app.states);
        long frames = CaptureDecodingTest.decode(false, List.of(GoldenCapture.stream(capture.chunks(), false))).stream()
                .filter(f -> f.type() == SssFrameType.RX_PAYLOAD).count();
        assertEquals(frames, app.rxCalls.size());
        assertTrue(app.rxCalls.stream().allMatch(c -> c.endsWith("/3")), "each ws message is SOM|EOM");
        stream[0].close();
        loop.runPending();
        assertTrue(proxy.closed);
    }

    static ScriptedApp mintestApp() {
        return new ScriptedApp()
                .on(CREATING, s -> {
                    s.connect();
                    return StreamResult.OK;
                })
                .on(CONNECTING, s -> {
                    s.startTimeout(3000);
                    s.setMetadata("ctype", "myctype");
                    s.setMetadata("uptag", "myuptag123");
                    return StreamResult.OK;
                })
                .on(ALL_RETRIES_FAILED, s -> StreamResult.DESTROY_ME);
    }

    private void replay(Captures capture, String streamType, ScriptedApp app, SssLinkProfile profile, boolean endsClosed)
            throws Exception {
        replay(capture, streamType, app, profile, endsClosed, s -> { });
    }

    private void replay(Captures capture, String streamType, ScriptedApp app, SssLinkProfile profile, boolean endsClosed,
                        java.util.function.Consumer<SecureStream> created) throws Exception {
        listener = transport.listen(endpoint, loop, proxy);
        long from = loop.monotonicMicros();
        SsProxyClient client = SsProxyClient.builder(transport, endpoint).linkProfile(profile).random(() -> 0L).build();
        created.accept(client.create(StreamOptions.of(streamType, app), loop));
        List<Chunk> chunks = capture.chunks();
        int expected = 0;
        for (Chunk c : chunks) {
            if (c.clientToProxy()) {
                expected += c.bytes().length;
                int want = expected;
                await(() -> proxy.received.size() >= want, capture + ": the client writes its next " + c);
            } else {
                await(() -> proxy.link != null, "the client connects");
                proxy.send(c.bytes());
                loop.runPending();
            }
        }
        loop.advance(Duration.ofMillis(100));
        new RunFields(ProcessHandle.current().pid(), from, loop.monotonicMicros())
                .assertSame(capture + " C->P", GoldenCapture.stream(chunks, true), proxy.bytes());
        assertEquals(endsClosed, proxy.closed, capture + ": the client closes its link at the end");
        assertEquals(1, proxy.links.size(), "one link");
    }

    private void await(BooleanSupplier condition, String what) {
        loop.runPending();
        for (int i = 0; i < 6000 && !condition.getAsBoolean(); i++) {
            loop.advance(Duration.ofMillis(10));
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private static String metadataSent(Captures capture, String name) throws Exception {
        return sent(capture).stream()
                .filter(f -> f.type() == SssFrameType.TX_METADATA && f.text().equals(name))
                .map(f -> new String(HexFormat.of().parseHex(f.payload()), StandardCharsets.ISO_8859_1))
                .findFirst().orElseThrow();
    }

    private static byte[] payloadSent(Captures capture) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : sent(capture)) {
            if (f.type() == SssFrameType.TX_PAYLOAD) {
                out.writeBytes(HexFormat.of().parseHex(f.payload()));
            }
        }
        return out.toByteArray();
    }

    private static List<Frame> sent(Captures capture) throws Exception {
        return CaptureDecodingTest.decode(true, List.of(GoldenCapture.stream(capture.chunks(), true)));
    }
}
