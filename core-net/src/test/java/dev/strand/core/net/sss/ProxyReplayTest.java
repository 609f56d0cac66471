package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.sss.FrameLog.Frame;
import dev.strand.core.net.testing.GoldenCapture;
import dev.strand.core.net.testing.GoldenCapture.Chunk;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays the client side of each capture of real lws traffic to the Strand proxy terminal, whose
 * in-process onward stream answers as the capture's origin did (through the lws proxy's onward
 * SS: states, response metadata, payload), and checks that the terminal accepts every frame and
 * answers what the lws proxy answered, byte for byte, except the payload timestamps, which are
 * checked for range. It also checks what reached the onward stream: metadata, timeouts, length
 * hints and payload pieces with their split flags.
 *
 * <p>What the h1, ws and TLS origins did on their own connections is the protocol modules'
 * business; here only their effect on the SSS layer is scripted.
 */
class ProxyReplayTest {

    private final ManualLoop loop = new ManualLoop();
    private final LoopbackTransport transport = new LoopbackTransport();
    private final Endpoint endpoint = Endpoint.parse("mem:proxy-replay-" + System.nanoTime());
    private final RawPeer client = new RawPeer();
    private ScriptedOnward onward;
    private OnwardRequest request;
    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_HELLO_WORLD", "TCP_HELLO_WORLD"})
    void helloWorldGetsItsResponseAfterConnecting(Captures capture) throws Exception {
        byte[] body = received(capture, 0);
        replay(capture, SssLinkProfile.SOCKET, o -> {
            o.policyMetadata = Set.of("endpoint");
            o.onConnect = () -> {
                o.state(CONNECTING);
                o.after(2, () -> o.state(CONNECTED));
                o.after(3, () -> {
                    o.rx(body, PayloadFlags.SOM);
                    o.rx(new byte[0], PayloadFlags.EOM);
                    o.state(QOS_ACK_REMOTE);
                    o.state(DISCONNECTED);
                });
            };
        });
        assertEquals("__default", request.streamType());
        assertEquals(ProcessIdOf.client(capture), request.clientPid());
        assertEquals(500_000_000, request.initialTxCredit());
        assertTrue(onward.calls.get(0).startsWith("metadata endpoint=http://127.0.0.1:"));
        assertEquals("connect", onward.calls.get(1));
    }

    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_MINTEST", "TCP_MINTEST"})
    void mintestGetsResponseMetadataAheadOfThePayload(Captures capture) throws Exception {
        byte[] body = received(capture, 0);
        replay(capture, SssLinkProfile.SOCKET, o -> {
            o.policyMetadata = Set.of("ctype", "uptag");
            o.onConnect = () -> {
                o.state(CONNECTING);
                o.after(5, () -> {
                    o.meta("test", "1");
                    o.state(CONNECTED);
                });
                if (capture == Captures.ABSTRACT_MINTEST) {
                    o.after(7, () -> {
                        o.meta("srv", "interop-httpd/1 Python/3.11.2");
                        o.rx(body, PayloadFlags.SOM);
                        o.rx(new byte[0], PayloadFlags.EOM);
                        o.state(QOS_ACK_REMOTE);
                    });
                } else {
                    o.after(7, () -> {
                        o.rx(body, PayloadFlags.SOM);
                        o.rx(new byte[0], PayloadFlags.EOM);
                        o.state(QOS_ACK_REMOTE);
                    });
                    o.after(8, () -> {
                        o.meta("srv", "interop-httpd/1 Python/3.11.2");
                        o.state(DISCONNECTED);
                    });
                }
            };
        });
        assertEquals(List.of("connect", "timeout 3000", "metadata ctype=myctype", "metadata uptag=myuptag123", "close"),
                onward.calls);
    }

    @ParameterizedTest
    @EnumSource(names = "THIRD_PARTY_LWS_CLIENT")
    void anLwsClientGetsTheWholeAnswerOfAStubOriginInOneGo(Captures capture) throws Exception {
        byte[] body = received(capture, 0);
        replay(capture, SssLinkProfile.SOCKET, o -> o.onConnect = () -> {
            o.state(CONNECTING);
            o.state(CONNECTED);
            o.rx(body, PayloadFlags.SOM | PayloadFlags.EOM);
            o.state(QOS_ACK_REMOTE);
            o.state(DISCONNECTED);
        });
        assertEquals("hello from stub proxy: mintest", new String(body, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @EnumSource(names = "TLS_BADCA")
    void aFailingOnwardTlsConnectionRetriesUntilAllRetriesFailed(Captures capture) throws Exception {
        replay(capture, SssLinkProfile.SOCKET, o -> {
            int[] attempts = {0};
            Runnable[] attempt = new Runnable[1];
            attempt[0] = () -> o.after(4, () -> {
                o.state(UNREACHABLE);
                if (++attempts[0] == 4) {
                    o.state(ALL_RETRIES_FAILED);
                } else {
                    o.after(1000, () -> {
                        o.state(POLL);
                        o.state(CONNECTING);
                        attempt[0].run();
                    });
                }
            });
            o.onConnect = () -> {
                o.state(CONNECTING);
                attempt[0].run();
            };
        });
        assertEquals(4, onward.calls.stream().filter(c -> c.equals("timeout 3000")).count());
        assertEquals(4, onward.calls.stream().filter(c -> c.equals("metadata uptag=myuptag123")).count());
    }

    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_HTTP_POST", "TCP_HTTP_POST"})
    void httpPostBodyReachesTheOnwardStreamIn1380BytePiecesWithSplitFlags(Captures capture) throws Exception {
        byte[] response = received(capture, 0);
        replay(capture, SssLinkProfile.SOCKET, o -> {
            o.onHint = n -> {
                o.state(POLL);
                o.state(CONNECTING);
                o.after(3, () -> o.state(CONNECTED));
            };
            o.onTx = (bytes, flags) -> {
                if ((flags & PayloadFlags.EOM) != 0) {
                    o.rx(response, PayloadFlags.SOM);
                    o.rx(new byte[0], PayloadFlags.EOM);
                    o.state(QOS_ACK_REMOTE);
                    o.state(DISCONNECTED);
                }
            };
        });
        assertEquals(List.of("1380/1", "1380/0", "1301/0", "1380/0", "529/2"), onward.pieces);
        assertArrayEquals(sentPayload(capture), onward.tx.toByteArray());
        assertEquals(List.of("metadata ctype=multipart/form-data;boundary=\"boundary\"", "hint 5970", "connect", "close"),
                onward.calls);
    }

    @ParameterizedTest
    @EnumSource(names = "WS_ECHO")
    void wsEchoIsEchoedUntilThePolicyTimeoutFires(Captures capture) throws Exception {
        replay(capture, SssLinkProfile.SOCKET, o -> {
            o.state(CONNECTING);
            o.after(8, () -> o.state(CONNECTED));
            int[] hints = {0};
            o.onHint = n -> {
                if (++hints[0] > 1) {
                    o.rx(new byte[0], PayloadFlags.SOM | PayloadFlags.EOM);
                }
            };
            o.onTx = (bytes, flags) -> o.rx(bytes, flags);
        });
        assertEquals(9, onward.calls.stream().filter(c -> c.equals("hint 7")).count());
        assertEquals("timeout 5000", onward.calls.get(0));
        assertEquals(9, onward.pieces.size());
    }

    @ParameterizedTest
    @EnumSource(names = "UART_BINANCE")
    void binanceOnAMuxChannelStreamsEveryUpdate(Captures capture) throws Exception {
        List<Frame> updates = CaptureDecodingTest.decode(false, List.of(GoldenCapture.stream(capture.chunks(), false)))
                .stream().filter(f -> f.type() == SssFrameType.RX_PAYLOAD).toList();
        replay(capture, SssLinkProfile.MUX_CHANNEL, o -> {
            o.state(CONNECTING);
            o.after(5, () -> o.state(CONNECTED));
            for (int i = 0; i < updates.size(); i++) {
                byte[] update = HexFormat.of().parseHex(updates.get(i).payload());
                o.after(100L * (i + 1), () -> o.rx(update, PayloadFlags.SOM | PayloadFlags.EOM));
            }
        });
        assertEquals(List.of("close"), onward.calls);
    }

    private void replay(Captures capture, SssLinkProfile profile, Consumer<ScriptedOnward> origin) throws Exception {
        OnwardStreamFactory factory = (req, l) -> {
            request = req;
            onward = new ScriptedOnward(l, req.loop());
            l.onState(CREATING, 0);
            origin.accept(onward);
            return OnwardCreation.created(onward);
        };
        listener = transport.listen(endpoint, loop, new SssProxy(factory, profile));
        long from = loop.monotonicMicros();
        transport.connect(endpoint, ConnectOptions.DEFAULT, loop, client);
        List<Chunk> chunks = capture.chunks();
        int expected = 0;
        for (Chunk c : chunks) {
            if (c.clientToProxy()) {
                await(() -> client.link != null, "connected");
                client.send(c.bytes());
                loop.runPending();
            } else {
                expected += c.bytes().length;
                int want = expected;
                await(() -> client.received.size() >= want, capture + ": the proxy answers " + c);
            }
        }
        loop.advance(Duration.ofMillis(100));
        new RunFields(0, from, loop.monotonicMicros())
                .assertSame(capture + " P->C", GoldenCapture.stream(chunks, false), client.bytes());
        assertTrue(!client.closed, "the proxy keeps the link open");
        client.link.close();
        loop.runPending();
        assertTrue(onward.closed, "the client closing its link closes the onward stream");
    }

    private void await(BooleanSupplier condition, String what) {
        loop.runPending();
        for (int i = 0; i < 60_000 && !condition.getAsBoolean(); i++) {
            loop.advance(Duration.ofMillis(1));
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    /** The payload of the n-th RX_PAYLOAD frame the lws proxy sent. */
    private static byte[] received(Captures capture, int n) throws Exception {
        return CaptureDecodingTest.decode(false, List.of(GoldenCapture.stream(capture.chunks(), false))).stream()
                .filter(f -> f.type() == SssFrameType.RX_PAYLOAD)
                .map(f -> HexFormat.of().parseHex(f.payload()))
                .skip(n).findFirst().orElseThrow();
    }

    private static byte[] sentPayload(Captures capture) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : CaptureDecodingTest.decode(true, List.of(GoldenCapture.stream(capture.chunks(), true)))) {
            if (f.type() == SssFrameType.TX_PAYLOAD) {
                out.writeBytes(HexFormat.of().parseHex(f.payload()));
            }
        }
        return out.toByteArray();
    }

    /** The pid an lws client put in its STREAMTYPE. */
    private static final class ProcessIdOf {
        static long client(Captures capture) throws Exception {
            return CaptureDecodingTest.decode(true, List.of(GoldenCapture.stream(capture.chunks(), true))).get(0).a();
        }
    }
}
