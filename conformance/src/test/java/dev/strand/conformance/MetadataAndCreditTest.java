package dev.strand.conformance;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.POLL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Metadata and tx credit (secure-streams.md §1.2, §2.3, §4 items 7, 18, 29, 46) in every
 * placement: what the application sets reads back and fills {@code ${name}} in a ws URL (one
 * leading slash, lws #3318); an empty value is refused; the peer tx credit estimate falls with rx
 * and rises with grants.
 */
class MetadataAndCreditTest extends ConformanceCase {

    @ParameterizedTest
    @EnumSource(Placement.class)
    void i3318MetadataReadsBackAndFillsTheWsUrlWithOneLeadingSlash(Placement p) {
        String room = "lobby-" + p.name().toLowerCase();
        Script s = open(p, "ws-echo", new Script().whenDo(CREATING, st -> {
            st.setMetadata("room", room);
            st.requestTx();
        }));
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED);
        assertTrue(env.ws.paths.contains("/echo/" + room), env.ws.paths.toString());
        assertEquals(List.of("lws-conformance"), env.ws.offered.get(env.ws.paths.lastIndexOf("/echo/" + room)),
                "ws_subprotocol offered");
        byte[][] back = new byte[1][];
        s.onLoop(st -> back[0] = st.metadata("room").orElseThrow());
        assertArrayEquals(room.getBytes(StandardCharsets.UTF_8), back[0]);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void anEmptyMetadataValueIsRefusedAtOnce(Placement p) {
        Script s = open(p, "raw-echo", new Script());
        s.awaitStates(CREATING);
        assertThrows(IllegalArgumentException.class, () -> s.onLoop(st -> st.setMetadata("tag", new byte[0])));
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void thePeerTxCreditEstimateFallsWithRxAndRisesWithGrants(Placement p) {
        byte[] data = new byte[5000];
        Script s = open(p, new StreamOptions("raw-echo", new Script()
                .queueMessage(data, 1000).whenDo(CREATING, SecureStream::requestTx), 100_000));
        Script.await(() -> s.rxSize() == data.length, "the echo");
        int[] credit = new int[2];
        s.onLoop(st -> {
            credit[0] = st.estimatedPeerTxCredit();
            st.addPeerTxCredit(1000);
            credit[1] = st.estimatedPeerTxCredit();
        });
        assertEquals(95_000, credit[0], "100000 granted at creation, less 5000 received");
        assertEquals(96_000, credit[1]);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void theRideshareOfAStreamWithoutOneIsItsOwnStreamtype(Placement p) {
        Script s = open(p, "raw-echo", new Script().queue(new byte[] {7}, PayloadFlags.SOM | PayloadFlags.EOM)
                .whenDo(CREATING, SecureStream::requestTx));
        Script.await(() -> s.rxSize() == 1, "the echo");
        String[] rideshare = new String[1];
        s.onLoop(st -> rideshare[0] = st.rideshare());
        assertEquals("raw-echo", rideshare[0]);
    }
}
