package dev.strand.conformance;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.QOS_NACK_REMOTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.ss.PayloadFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP transactions (secure-streams.md §1.3, §1.4, §5.1 items 2 and 3) against a real nginx, in
 * every placement (the GET over h1, and over h2 with TLS): one QOS per transaction after the body, the body ended by a zero-length EOM,
 * response headers as metadata before the body, request metadata in the URL, a POST whose length
 * is announced, and back-to-back transactions on one stream.
 */
class HttpTransactionsTest extends ConformanceCase {

    static List<Arguments> placementsAndHttpVersions() {
        List<Arguments> out = new ArrayList<>();
        for (Placement p : Placement.values()) {
            out.add(Arguments.of(p, "h1-get"));
            out.add(Arguments.of(p, "h2-get"));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("placementsAndHttpVersions")
    void aGetIsOneTransactionEndedByAZeroLengthEomWithItsHeadersKnownBeforeTheBody(Placement p, String type) {
        String path = "lobby-" + p.ordinal() + "-" + type;
        Script s = open(p, type, new Script().watch("srv", "ctype").whenDo(CREATING, st -> {
            st.setMetadata("path", path);
            st.requestTx();
        }));
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
        assertEquals("/r/" + path, new String(s.rx(), StandardCharsets.US_ASCII), "nginx answers with the request URI");
        assertEquals(PayloadFlags.SOM, s.rxFlags.get(0) & PayloadFlags.SOM, "the body's first piece has SOM");
        assertEquals(PayloadFlags.EOM, s.rxFlags.get(s.rxFlags.size() - 1), "a zero-length EOM ends it: " + s.rxFlags);
        assertEquals(1, s.messages().size());
        assertTrue(s.metadataAtFirstRx.get(0).startsWith("srv=nginx"), s.metadataAtFirstRx.toString());
        assertTrue(s.metadataAtFirstRx.get(1).startsWith("ctype=text/plain"), s.metadataAtFirstRx.toString());
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void a404IsOneQosNackRemote(Placement p) {
        Script s = open(p, "h1-missing", new Script().whenDo(CREATING, st -> st.requestTx()));
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED, QOS_NACK_REMOTE, DISCONNECTED);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void duplicateConnected497e25df8ThreeTransactionsInARowEachConnectAndAnswerOnce(Placement p) {
        AtomicInteger done = new AtomicInteger();
        Script s = open(p, "h1-get", new Script().whenDo(CREATING, st -> st.requestTx()).whenDo(DISCONNECTED, st -> {
            if (done.incrementAndGet() < 3) {
                st.requestTx();
            }
        }));
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED,
                POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED,
                POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
        assertEquals(3, s.messages().size(), "three bodies, each SOM..EOM");
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void splitPayload7c9ead211APostAnnouncesItsLengthAndItsBodyArrivesWhole(Placement p) {
        byte[] body = new byte[5000];
        new SplittableRandom(5).nextBytes(body);
        Script s = open(p, "h1-post", new Script().queueMessage(body, 1000).whenDo(CREATING, st -> {
            st.setMetadata("ctype", "application/octet-stream");
            st.requestTx(body.length);
        }).whenDo(CONNECTED, st -> st.requestTx()));
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
        List<byte[]> messages = s.messages();
        assertEquals(1, messages.size());
        assertArrayEquals(body, messages.get(0), "nginx echoed the body it received");
    }
}
