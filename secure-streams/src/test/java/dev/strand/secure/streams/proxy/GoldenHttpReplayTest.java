package dev.strand.secure.streams.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strand.core.net.testing.GoldenCapture;
import dev.strand.core.net.testing.GoldenCapture.Chunk;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays the golden captures of real lws clients making HTTP requests through the lws SS proxy
 * (golden/lws README) through the real Strand proxy: the proxy listens over the capture's link
 * kind (abstract Unix socket or TCP), a real origin answers as the capture's did
 * ({@link HttpOrigin#interop()}: {@code Server: interop-httpd/1 Python/3.11.2}, {@code X-Test: 1},
 * a body naming the request it got), the policy is equivalent to the lws proxy's (streamtypes,
 * metadata mappings, retries; inferred from the frames), and the capture's client-to-proxy bytes
 * go over a real socket, each chunk once the proxy has answered what lws had answered before it.
 *
 * <p>What comes back is compared frame by frame with what the lws proxy sent:
 * <ul>
 *   <li>CREATE_RESULT and every CONNSTATE byte for byte, in order;</li>
 *   <li>RX_PAYLOAD: flags and latency byte for byte, the time (the proxy's monotonic clock) within
 *       the run; the payload is what the origin sent, whose first line ({@code interop-ok METHOD
 *       TARGET [got N bytes sha256 HEX]}) must equal lws's. The header lines that follow echo the
 *       request each proxy made, and those differ: lws sends {@code Pragma}, {@code Cache-Control},
 *       {@code Origin}, a port-less {@code Host} and {@code connection: close}; Strand a
 *       {@code Host} with the port, keeps connections alive, and adds the mapped metadata headers
 *       it has. The requests Strand made are checked on their own;</li>
 *   <li>RX_METADATA: the same frames, each before the first payload of its transaction (the rule
 *       Strand keeps; lws's own order varies between runs: the abstract mintest capture has
 *       {@code srv} after CONNECTED, the TCP one after QOS_ACK_REMOTE);</li>
 *   <li>after the last frame the capture holds, Strand may have sent one more: the
 *       DISCONNECTED that follows QOS_ACK_REMOTE, when the lws client closed its link before the lws
 *       proxy's arrived (the abstract mintest capture).</li>
 * </ul>
 * The client's pid, and the port of the origin in hello_world's {@code endpoint} metadata (which
 * names the capture's own origin), vary by run: the port is rewritten to this run's origin (5
 * digits, so no frame changes length).
 */
class GoldenHttpReplayTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final byte[] DISCONNECTED = {0x57, 0, 5, 2, 0, 0, 0, 0};
    private static final Pattern ORIGIN_IN_ENDPOINT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d{5})/");

    /** The captures, with the link kind of each and how to read it. */
    enum Capture {
        ABSTRACT_HELLO_WORLD(Via.ABSTRACT_UDS, () -> GoldenCapture.strace("a-http-plain-abstract-hello_world.raw.txt")),
        TCP_HELLO_WORLD(Via.TCP, () -> GoldenCapture.socat("a-http-plain-tcp-hello_world.raw.txt", true)),
        ABSTRACT_MINTEST(Via.ABSTRACT_UDS, () -> GoldenCapture.strace("a-http-plain-abstract-mintest.raw.txt")),
        TCP_MINTEST(Via.TCP, () -> GoldenCapture.socat("a-http-plain-tcp-mintest.raw.txt", true)),
        ABSTRACT_HTTP_POST(Via.ABSTRACT_UDS, () -> GoldenCapture.strace("a-http-plain-abstract-http-post.raw.txt")),
        TCP_HTTP_POST(Via.TCP, () -> GoldenCapture.socat("a-http-plain-tcp-http-post.raw.txt", true)),
        TLS_BADCA(Via.ABSTRACT_UDS, () -> GoldenCapture.annotated("d-tls-badca-abstract-mintest.txt")),
        THIRD_PARTY_STUB_CLIENT(Via.ABSTRACT_UDS,
                () -> GoldenCapture.stubPrintout("e-third-party-abstract-stubclient-to-lwsproxy.txt"));

        final Via via;
        private final Supplier<List<Chunk>> reader;

        Capture(Via via, Supplier<List<Chunk>> reader) {
            this.via = via;
            this.reader = reader;
        }

        List<Chunk> chunks() {
            return reader.get();
        }
    }

    /**
     * The lws proxy's policy as the frames show it, pointed at this run's origin: {@code mintest}
     * (h1 GET {@code index.html?uptag=${uptag}}, metadata uptag, ctype, srv from {@code server:}
     * and test from {@code x-test:}), {@code minpost} (h1 POST {@code testserver/formtest}, ctype),
     * both opportunistic on lws's bootstrap retry, and lws's {@code __default} (GET of the URL in
     * metadata {@code endpoint}). {@code tlsMintest} replaces mintest's transport: TLS trusting
     * only the given store, with a retry of 1 s conceal 3 (the badca capture's cadence: four
     * UNREACHABLE about a second apart, then ALL_RETRIES_FAILED).
     */
    static String policy(int originPort, String tlsMintest) {
        String mintestTransport = tlsMintest != null ? tlsMintest
                : "\"endpoint\": \"127.0.0.1\", \"port\": " + originPort + ", \"retry\": \"default\"";
        return "{ " + (tlsMintest != null ? OriginPki.trustStore("notthatca", OriginPki.UNRELATED_CA) : "")
                + "  \"retry\": [ { \"default\": { \"backoff\": [1000, 2000, 3000, 5000, 10000], \"conceal\": 5,"
                + " \"jitterpc\": 20 } },\n"
                + "             { \"badca\": { \"backoff\": [1000], \"conceal\": 3, \"jitterpc\": 20 } } ],\n"
                + "  \"s\": [\n"
                + "    { \"mintest\": { " + mintestTransport + ", \"protocol\": \"h1\","
                + " \"http_method\": \"GET\", \"http_url\": \"index.html?uptag=${uptag}\","
                + " \"metadata\": [ { \"uptag\": \"x-upload-tag:\" }, { \"ctype\": \"content-type:\" },"
                + " { \"srv\": \"server:\" }, { \"test\": \"x-test:\" } ], \"opportunistic\": true } },\n"
                + "    { \"minpost\": { \"endpoint\": \"127.0.0.1\", \"port\": " + originPort + ", \"protocol\": \"h1\","
                + " \"http_method\": \"POST\", \"http_url\": \"testserver/formtest\","
                + " \"metadata\": [ { \"ctype\": \"content-type:\" } ], \"opportunistic\": true, \"retry\": \"default\" } },\n"
                + "    { \"__default\": { \"endpoint\": \"${endpoint}\", \"port\": 443, \"protocol\": \"h1\", \"tls\": true,"
                + " \"http_method\": \"GET\", \"metadata\": [ { \"endpoint\": \"\" } ], \"allow_redirects\": true,"
                + " \"opportunistic\": true, \"direct_proto_str\": true, \"timeout_ms\": 2000, \"retry\": \"default\" } }\n"
                + "  ] }";
    }

    /**
     * hello_world: lws's {@code __default} streamtype; the client sends the URL as metadata
     * {@code endpoint} and ONWARD_CONNECT; the proxy answers CONNECTING, CONNECTED at the response
     * head, the body (SOM), a zero-length EOM, QOS_ACK_REMOTE and DISCONNECTED.
     */
    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_HELLO_WORLD", "TCP_HELLO_WORLD"})
    void helloWorldFetchesTheUrlItSentAsMetadata(Capture capture) throws Exception {
        try (HttpOrigin origin = HttpOrigin.plain(HttpOrigin.interop())) {
            replay(capture, origin, policy(origin.port(), null));
            HttpOrigin.Request r = single(origin);
            assertEquals("GET", r.method());
            assertEquals("/hello.html", r.target());
            assertEquals("127.0.0.1:" + origin.port(), r.header("Host"));
        }
    }

    /**
     * mintest: ONWARD_CONNECT first, so the request is made before the client's metadata
     * (TIMEOUT_UPDATE, ctype, uptag) arrives: {@code uptag=} is empty and no mapped header goes
     * out, in lws's capture and here. The response's {@code X-Test} and {@code Server} headers
     * come back as metadata {@code test} and {@code srv}; the transaction's end cancels the 3 s
     * timeout the client armed (no TIMEOUT follows).
     */
    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_MINTEST", "TCP_MINTEST"})
    void mintestGetsTheResponseHeadersAsMetadataBeforeItsPayload(Capture capture) throws Exception {
        try (HttpOrigin origin = HttpOrigin.plain(HttpOrigin.interop())) {
            replay(capture, origin, policy(origin.port(), null));
            HttpOrigin.Request r = single(origin);
            assertEquals("/index.html?uptag=", r.target());
            assertNull(r.header("x-upload-tag"), "uptag came after the request was made");
            assertNull(r.header("content-type"), "so did ctype");
        }
    }

    /**
     * e-third-party stub client: a minimal non-lws client sets metadata uptag and ctype before
     * ONWARD_CONNECT, so the request carries both (the capture has no hex; its frames are rebuilt
     * from the stub's printout). Strand answers with lws's frames: CREATE_RESULT and states byte
     * for byte, metadata test and srv ahead of the payload, the same first line of the answer.
     */
    @Test
    void aThirdPartyClientGetsWhatTheLwsProxyAnsweredIt() throws Exception {
        try (HttpOrigin origin = HttpOrigin.plain(HttpOrigin.interop())) {
            replay(Capture.THIRD_PARTY_STUB_CLIENT, origin, policy(origin.port(), null));
            HttpOrigin.Request r = single(origin);
            assertEquals("/index.html?uptag=from-stub", r.target());
            assertEquals("from-stub", r.header("x-upload-tag"));
            assertEquals("stub/ctype", r.header("content-type"));
        }
    }

    /**
     * http-post: metadata ctype, PAYLOAD_LENGTH_HINT 5970 (which starts the transaction: POLL,
     * CONNECTING) and ONWARD_CONNECT (ignored: already connecting). CONNECTED comes once the
     * request is on a connection, before any response, so the client can send its body: two
     * TX_PAYLOAD frames (SOM, EOM) that the proxy splits into 1380-byte pieces. The origin gets
     * all 5970 bytes with {@code content-length: 5970} and the mapped content type; its digest of
     * them is in the first line of the answer, equal to lws's.
     */
    @ParameterizedTest
    @EnumSource(names = {"ABSTRACT_HTTP_POST", "TCP_HTTP_POST"})
    void httpPostSendsTheWholeBodyWithItsAnnouncedLength(Capture capture) throws Exception {
        try (HttpOrigin origin = HttpOrigin.plain(HttpOrigin.interop())) {
            replay(capture, origin, policy(origin.port(), null));
            HttpOrigin.Request r = single(origin);
            assertEquals("POST", r.method());
            assertEquals("/testserver/formtest", r.target());
            assertEquals("5970", r.header("Content-Length"));
            assertEquals("multipart/form-data;boundary=\"boundary\"", r.header("content-type"));
            assertArrayEquals(clientPayload(capture), r.body(), "the body is the client's TX payload, whole");
        }
    }

    /**
     * d-tls-badca: mintest over TLS to an origin whose certificate a CA outside the policy's trust
     * store issued. Every attempt fails verification: CONNECTING, UNREACHABLE, then after the
     * backoff POLL and CONNECTING again, four times, then ALL_RETRIES_FAILED; the client re-arms
     * its timeout and re-sends its metadata after each CONNECTING, as in the capture. Each retry
     * comes no earlier than the policy's 1 s.
     */
    @Test
    void anOnwardTlsOriginOutsideTheTrustStoreFailsClosedUntilAllRetriesFailed() throws Exception {
        try (HttpOrigin origin = HttpOrigin.tls(OriginPki.SERVER, HttpOrigin.interop())) {
            String tls = "\"endpoint\": \"127.0.0.1\", \"port\": " + origin.port() + ", \"tls\": true,"
                    + " \"tls_trust_store\": \"notthatca\", \"retry\": \"badca\"";
            List<Long> unreachableAt = new ArrayList<>();
            List<Long> pollAt = new ArrayList<>();
            replay(Capture.TLS_BADCA, origin, policy(origin.port(), tls), (frame, nanos) -> {
                if (SssFrames.type(frame) == SssFrames.CONNSTATE && SssFrames.state(frame) == 3) {
                    unreachableAt.add(nanos);
                } else if (SssFrames.type(frame) == SssFrames.CONNSTATE && SssFrames.state(frame) == 8) {
                    pollAt.add(nanos);
                }
            });
            assertEquals(List.of(), origin.requests, "no request ever went to the untrusted origin");
            assertEquals(4, unreachableAt.size());
            // the backoff is 1000 ms plus up to 20% jitter; the times are when this test's reader saw the
            // frames, so a late read of UNREACHABLE on a loaded machine shortens the gap it sees
            long readSlackMs = 300;
            for (int i = 0; i < pollAt.size(); i++) {
                long waited = (pollAt.get(i) - unreachableAt.get(i)) / 1_000_000;
                assertTrue(waited >= 1000 - readSlackMs, "retry " + (i + 1) + " came " + waited
                        + " ms after UNREACHABLE, before its 1000 ms backoff");
            }
            assertTrue(SocketPeer.await(() -> origin.handshakeFailures.get() == 4, LIMIT),
                    "the origin saw four handshakes fail: " + origin.handshakeFailures);
        }
    }

    // ---- the replay

    /** Notes when each frame from the proxy arrived. */
    @FunctionalInterface
    interface Arrivals {
        void frame(byte[] frame, long nanos);
    }

    private static void replay(Capture capture, HttpOrigin origin, String policy) throws Exception {
        replay(capture, origin, policy, (f, t) -> { });
    }

    private static void replay(Capture capture, HttpOrigin origin, String policy, Arrivals arrivals) throws Exception {
        List<Chunk> chunks = capture.chunks();
        List<byte[]> lws = SssFrames.split(GoldenCapture.stream(chunks, false));
        long from = System.nanoTime() / 1000;
        List<byte[]> ours;
        try (HttpBed bed = new HttpBed(capture.via, policy)) {
            SocketPeer client = bed.rawClient();
            int lwsFramesSoFar = 0;
            for (Chunk c : chunks) {
                if (!c.clientToProxy()) {
                    lwsFramesSoFar += SssFrames.split(c.bytes()).size();
                    continue;
                }
                int want = withoutMetadata(lws.subList(0, Math.min(lwsFramesSoFar, lws.size())));
                assertTrue(SocketPeer.await(() -> withoutMetadata(SssFrames.split(client.bytes())) >= want, LIMIT),
                        capture + ": the proxy answers " + want + " frames before the client's next bytes; it sent "
                                + SssFrames.describe(SssFrames.split(client.bytes())));
                client.send(withOriginPort(c.bytes(), origin.port()));
            }
            int all = lws.size();
            assertTrue(SocketPeer.await(() -> SssFrames.split(client.bytes()).size() >= all, LIMIT),
                    capture + ": the proxy sends as many frames as lws did (" + all + "); it sent "
                            + SssFrames.describe(SssFrames.split(client.bytes())));
            Thread.sleep(200);
            ours = SssFrames.split(client.bytes());
            assertTrue(!client.closed(), "the proxy keeps the link until the client closes it");
            recordArrivals(client, arrivals);
        }
        compare(capture, lws, ours, origin, from, System.nanoTime() / 1000);
    }

    private static void recordArrivals(SocketPeer client, Arrivals arrivals) {
        List<SocketPeer.Arrival> log = client.arrivals();
        int consumed = 0;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        for (SocketPeer.Arrival a : log) {
            seen.writeBytes(a.bytes());
            List<byte[]> frames = SssFrames.split(seen.toByteArray());
            for (int i = consumed; i < frames.size(); i++) {
                arrivals.frame(frames.get(i), a.nanos());
            }
            consumed = frames.size();
        }
    }

    private static void compare(Capture capture, List<byte[]> lws, List<byte[]> ours, HttpOrigin origin, long from,
                                long to) {
        String what = capture + "\n  lws:    " + SssFrames.describe(lws) + "\n  strand: " + SssFrames.describe(ours);
        List<String> lwsMeta = metadata(lws);
        List<String> ourMeta = metadata(ours);
        assertEquals(lwsMeta.stream().sorted().toList(), ourMeta.stream().sorted().toList(), "rx metadata, " + what);
        int firstPayload = indexOfType(ours, SssFrames.RX_PAYLOAD);
        for (int i = 0; i < ours.size(); i++) {
            if (SssFrames.type(ours.get(i)) == SssFrames.RX_METADATA && firstPayload >= 0) {
                assertTrue(i < firstPayload, "rx metadata comes before the payload it belongs to, " + what);
            }
        }
        List<byte[]> l = others(lws);
        List<byte[]> o = others(ours);
        int body = 0;
        for (int i = 0; i < l.size(); i++) {
            if (i >= o.size()) {
                fail("Strand sent fewer frames: " + what);
            }
            byte[] e = l.get(i);
            byte[] a = o.get(i);
            assertEquals(SssFrames.type(e), SssFrames.type(a), "frame " + i + " type, " + what);
            if (SssFrames.type(e) == SssFrames.RX_PAYLOAD) {
                assertArrayEquals(java.util.Arrays.copyOfRange(e, 3, 11), java.util.Arrays.copyOfRange(a, 3, 11),
                        "frame " + i + " flags and latency, " + what);
                long t = SssFrames.micros(a);
                assertTrue(t >= from && t <= to, "frame " + i + " time " + t + " us outside the run " + from + ".." + to);
                byte[] lwsPayload = SssFrames.payload(e);
                byte[] ourPayload = SssFrames.payload(a);
                if (lwsPayload.length == 0) {
                    assertEquals(0, ourPayload.length, "frame " + i + " is a zero-length EOM, " + what);
                } else {
                    assertArrayEquals(origin.bodiesSent.get(body++), ourPayload, "frame " + i + " carries the origin's body");
                    assertEquals(firstLine(lwsPayload), firstLine(ourPayload), "frame " + i + " answers the same request");
                }
            } else {
                assertEquals(HexFormat.of().formatHex(e), HexFormat.of().formatHex(a), "frame " + i + ", " + what);
            }
        }
        List<byte[]> extra = o.subList(l.size(), o.size());
        if (!extra.isEmpty()) {
            boolean lwsEndedOnAck = SssFrames.type(l.get(l.size() - 1)) == SssFrames.CONNSTATE
                    && SssFrames.state(l.get(l.size() - 1)) == 10;
            assertTrue(lwsEndedOnAck && extra.size() == 1 && java.util.Arrays.equals(DISCONNECTED, extra.get(0)),
                    "the only frame Strand may add is the DISCONNECTED after QOS_ACK_REMOTE, " + what);
        }
    }

    // ---- helpers

    private static HttpOrigin.Request single(HttpOrigin origin) {
        assertEquals(1, origin.requests.size(), "one request: " + origin.requests);
        return origin.requests.get(0);
    }

    private static byte[] clientPayload(Capture capture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : SssFrames.split(GoldenCapture.stream(capture.chunks(), true))) {
            if ((f[0] & 0xFF) == 0xAD) {
                out.write(f, SssFrames.PAYLOAD_AT, f.length - SssFrames.PAYLOAD_AT);
            }
        }
        return out.toByteArray();
    }

    private static byte[] withOriginPort(byte[] bytes, int port) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        Matcher m = ORIGIN_IN_ENDPOINT.matcher(text);
        if (!m.find()) {
            return bytes;
        }
        String p = Integer.toString(port);
        assertEquals(5, p.length(), "the origin's port must have 5 digits to stand in for the capture's " + m.group(1));
        return (text.substring(0, m.start(1)) + p + text.substring(m.end(1))).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int withoutMetadata(List<byte[]> frames) {
        return others(frames).size();
    }

    private static List<byte[]> others(List<byte[]> frames) {
        return frames.stream().filter(f -> SssFrames.type(f) != SssFrames.RX_METADATA).toList();
    }

    private static List<String> metadata(List<byte[]> frames) {
        return frames.stream().filter(f -> SssFrames.type(f) == SssFrames.RX_METADATA)
                .map(f -> HexFormat.of().formatHex(f)).toList();
    }

    private static int indexOfType(List<byte[]> frames, int type) {
        for (int i = 0; i < frames.size(); i++) {
            if (SssFrames.type(frames.get(i)) == type) {
                return i;
            }
        }
        return -1;
    }

    private static String firstLine(byte[] payload) {
        return new String(payload, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
    }
}
