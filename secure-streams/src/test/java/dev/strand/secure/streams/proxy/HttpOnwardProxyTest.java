package dev.strand.secure.streams.proxy;

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

import dev.strand.api.ss.PayloadFlags;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.sss.SssEncoder;
import dev.strand.core.net.sss.SssWire;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTP onward through the real proxy, seen from Strand's own SS client over real sockets: metadata
 * to request headers and response headers back, a POST body larger than one frame, TLS onward
 * with the policy's trust store (and a wrong one), and P→C flow control on a large response.
 */
class HttpOnwardProxyTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static String policy(int port, String extra) {
        String at = "\"endpoint\": \"127.0.0.1\", \"port\": " + port + ", \"protocol\": \"h1\"";
        return "{ " + extra
                + " \"retry\": [ { \"quick\": { \"backoff\": [100, 200], \"conceal\": 2, \"jitterpc\": 1 } } ],\n"
                + " \"s\": [\n"
                + "  { \"mintest\": { " + at + ", \"http_method\": \"GET\", \"http_url\": \"index.html?uptag=${uptag}\","
                + "    \"metadata\": [ { \"uptag\": \"x-upload-tag:\" }, { \"ctype\": \"content-type:\" },"
                + "    { \"srv\": \"server:\" }, { \"test\": \"x-test:\" } ], \"opportunistic\": true, \"retry\": \"quick\" } },\n"
                + "  { \"minpost\": { " + at + ", \"http_method\": \"POST\", \"http_url\": \"testserver/formtest\","
                + "    \"metadata\": [ { \"ctype\": \"content-type:\" } ], \"opportunistic\": true, \"retry\": \"quick\" } },\n"
                + "  { \"bulk\": { " + at + ", \"http_method\": \"GET\", \"http_url\": \"bulk\", \"opportunistic\": true,"
                + "    \"proxy_buflen\": 8192, \"proxy_buflen_rxflow_on_above\": 4096, \"proxy_buflen_rxflow_off_below\": 1024 } }\n"
                + " ] }";
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void mintestCarriesMetadataToRequestHeadersAndResponseHeadersBack(Via via) throws Exception {
        try (HttpOrigin origin = HttpOrigin.plain(HttpOrigin.interop());
             HttpBed bed = new HttpBed(via, policy(origin.port(), ""))) {
            SsProxyClient client = bed.client();
            HttpApp app = new HttpApp().metadata("uptag", "tag 1/2").metadata("ctype", "myctype");
            bed.open(client, "mintest", app);
            assertTrue(SocketPeer.await(() -> app.saw(DISCONNECTED), LIMIT), () -> app.states().toString());
            assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), app.states());
            HttpOrigin.Request r = origin.requests.get(0);
            assertEquals("/index.html?uptag=tag%201/2", r.target(), "${uptag} substituted, made URI-safe");
            assertEquals("tag 1/2", r.header("x-upload-tag"));
            assertEquals("myctype", r.header("content-type"));
            assertEquals(Map.of("srv", HttpOrigin.SERVER, "test", "1", "ctype", "myctype"), app.seenAtFirstRx(),
                    "the response's headers were known to the client before its payload");
            assertEquals(HttpOrigin.interopBody(r), app.rx());
            List<Integer> flags = app.rxFlags();
            assertEquals(PayloadFlags.SOM, flags.get(0));
            assertEquals(PayloadFlags.EOM, flags.get(flags.size() - 1), "a zero-length EOM ends the response");
            client.close();
        }
    }

    @Test
    void splitPayload7c9ead211APostOfThreeTimesTheFrameSizeArrivesWhole() throws Exception {
        try (HttpOrigin origin = HttpOrigin.plain(HttpOrigin.interop());
             HttpBed bed = new HttpBed(Via.TCP, policy(origin.port(), ""))) {
            SsProxyClient client = bed.client();
            byte[] body = new byte[3 * client.profile().txPayloadLimit()];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 7 + (i >> 8));
            }
            HttpApp app = new HttpApp(body).metadata("ctype", "application/octet-stream");
            bed.open(client, "minpost", app);
            assertTrue(SocketPeer.await(() -> app.saw(DISCONNECTED), LIMIT), () -> app.states().toString());
            assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), app.states(),
                    "the length hint starts the transaction (POLL); CONNECTED comes before the response");
            HttpOrigin.Request r = origin.requests.get(0);
            assertEquals(Integer.toString(body.length), r.header("Content-Length"));
            assertArrayEquals(body, r.body(), "three frames' worth, split into 1380-byte pieces, arrive whole");
            assertTrue(app.rx().startsWith("interop-ok POST /testserver/formtest got " + body.length + " bytes sha256 "
                    + HttpOrigin.sha256(body)), app.rx());
            client.close();
        }
    }

    @Test
    void tlsOnwardTrustsThePolicysTrustStoreAndOnlyIt() throws Exception {
        try (HttpOrigin origin = HttpOrigin.tls(OriginPki.SERVER, HttpOrigin.interop())) {
            String stores = "\"certs\": [ { \"ours\": \"" + OriginPki.policyCert(OriginPki.CA) + "\" },"
                    + " { \"theirs\": \"" + OriginPki.policyCert(OriginPki.UNRELATED_CA) + "\" } ],\n"
                    + " \"trust_stores\": [ { \"name\": \"right\", \"stack\": [ \"ours\" ] },"
                    + " { \"name\": \"wrong\", \"stack\": [ \"theirs\" ] } ],\n";
            String tls = "\"endpoint\": \"127.0.0.1\", \"port\": " + origin.port() + ", \"protocol\": \"h1\", \"tls\": true,"
                    + " \"http_method\": \"GET\", \"opportunistic\": true, \"retry\": \"quick\"";
            String json = "{ " + stores + " \"retry\": [ { \"quick\": { \"backoff\": [100], \"conceal\": 2, \"jitterpc\": 1 } } ],"
                    + " \"s\": [ { \"good\": { " + tls + ", \"http_url\": \"good\", \"tls_trust_store\": \"right\" } },"
                    + " { \"bad\": { " + tls + ", \"http_url\": \"bad\", \"tls_trust_store\": \"wrong\" } } ] }";
            try (HttpBed bed = new HttpBed(Via.ABSTRACT_UDS, json)) {
                SsProxyClient client = bed.client();
                HttpApp good = new HttpApp();
                HttpApp bad = new HttpApp();
                bed.open(client, "good", good);
                bed.open(client, "bad", bad);
                assertTrue(SocketPeer.await(() -> good.saw(DISCONNECTED) && bad.saw(ALL_RETRIES_FAILED), LIMIT),
                        () -> good.states() + " / " + bad.states());
                assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), good.states());
                assertTrue(good.rx().startsWith("interop-ok GET /good\n"), good.rx());
                assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING,
                        UNREACHABLE, ALL_RETRIES_FAILED), bad.states(), "fails closed, every attempt");
                assertEquals(List.of("/good"), origin.requests.stream().map(HttpOrigin.Request::target).toList(),
                        "nothing was ever sent over a connection the wrong store would have had to trust");
                client.close();
            }
        }
    }

    @Test
    void aSlowClientPausesTheOriginsResponseWithoutLoss() throws Exception {
        int total = 16 << 20;
        byte[] big = new byte[total];
        for (int i = 0; i < total; i++) {
            big[i] = (byte) (i * 13 ^ i >>> 11);
        }
        try (HttpOrigin origin = HttpOrigin.plain(r -> new HttpOrigin.Reply(200, List.of(), big, 0, 0));
             HttpBed bed = new HttpBed(Via.TCP, policy(origin.port(), ""))) {
            SocketPeer client = bed.rawClient();
            client.send(frame(b -> SssEncoder.streamType(b, 1, SssWire.DEFAULT_INITIAL_TX_CREDIT, "bulk")));
            assertTrue(SocketPeer.await(() -> SssFrames.split(client.bytes()).size() >= 2, LIMIT), "CREATE_RESULT, CREATING");
            client.reading(false);
            client.send(frame(SssEncoder::onwardConnect));
            long sent = settled(origin.bodyBytesOut::get);
            assertTrue(sent < total, "the origin was held back (" + sent + " of " + total + " bytes written)"
                    + " while the client did not read");
            client.reading(true);
            assertTrue(SocketPeer.await(() -> SssFrames.split(client.bytes()).stream()
                    .anyMatch(f -> SssFrames.type(f) == SssFrames.CONNSTATE && SssFrames.state(f) == 2), LIMIT),
                    "the transaction ends");
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            for (byte[] f : SssFrames.split(client.bytes())) {
                if (SssFrames.type(f) == SssFrames.RX_PAYLOAD) {
                    got.writeBytes(SssFrames.payload(f));
                }
            }
            assertArrayEquals(big, got.toByteArray(), "every byte, in order");
        }
    }

    private static byte[] frame(java.util.function.Consumer<ByteBuffer> encoder) {
        ByteBuffer b = ByteBuffer.allocate(128);
        encoder.accept(b);
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Waits until {@code counter} stops changing for 300 ms (at most 20 s); returns its value. */
    private static long settled(java.util.function.LongSupplier counter) throws InterruptedException {
        long last = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (last != counter.getAsLong() && System.nanoTime() < deadline) {
            last = counter.getAsLong();
            Thread.sleep(300);
        }
        return last;
    }
}
