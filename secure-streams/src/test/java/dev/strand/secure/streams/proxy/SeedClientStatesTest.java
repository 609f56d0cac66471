package dev.strand.secure.streams.proxy;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.sss.SssEncoder;
import dev.strand.core.net.sss.StateTransitions;
import dev.strand.core.net.sss.SssWire;
import dev.strand.transport.wsi.WsiResources;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The states a raw client, standing in for a seed-era lws client, gets from a real proxy over a
 * real socket while the onward connection fails, retries, gives up and is asked again: only
 * sequences the seed table allows (wire.md §1.6, §6.1), though the onward stream moves by HEAD's.
 */
class SeedClientStatesTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void aSeedClientOfAFailingThenRecoveringOnwardStreamGetsOnlySeedLegalStates() throws Exception {
        int port = closedPort();
        try (ProxyBed bed = new ProxyBed(Via.TCP, TestPolicies.echo(port))) {
            SocketPeer client = new SocketPeer();
            bed.wsi.connect(bed.endpoint, ConnectOptions.DEFAULT, bed.clientLoops.next(), client);
            assertTrue(SocketPeer.await(client::open, LIMIT));
            client.send(frame(64, b -> SssEncoder.streamType(b, 1, SssWire.DEFAULT_INITIAL_TX_CREDIT, "echo")));
            assertTrue(SocketPeer.await(() -> states(client).contains(CREATING), LIMIT), "CREATE_RESULT, CREATING");
            client.send(frame(3, SssEncoder::onwardConnect));
            assertTrue(SocketPeer.await(() -> states(client).contains(ALL_RETRIES_FAILED), LIMIT),
                    () -> states(client).toString());

            SocketPeer origin = new SocketPeer();
            Listener up = bed.wsi.listen(Endpoint.parse("tcp:127.0.0.1:" + port), WsiResources.sharedLoops(), origin);
            try {
                client.send(frame(SssEncoder.WORD_FRAME_SIZE, b -> SssEncoder.payloadLengthHint(b, 5)));
                assertTrue(SocketPeer.await(() -> states(client).lastIndexOf(CONNECTED) > 0, LIMIT),
                        () -> states(client).toString());
            } finally {
                up.close();
            }

            List<StreamState> states = states(client);
            StreamState previous = StreamState.UNSET;
            for (StreamState s : states) {
                assertTrue(StateTransitions.isAllowedBySeed(previous, s), previous + " -> " + s + " in " + states);
                previous = s;
            }
            assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING,
                    UNREACHABLE, POLL, CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED, CONNECTING, CONNECTED), states,
                    "the POLL the onward stream reports when asked again after giving up (HEAD's "
                    + "ALL_RETRIES_FAILED -> POLL) is not forwarded");
        }
    }

    /** The states of the CONNSTATE frames {@code client} got so far. */
    private static List<StreamState> states(SocketPeer client) {
        return SssFrames.split(client.bytes()).stream().filter(f -> SssFrames.type(f) == SssFrames.CONNSTATE)
                .map(f -> StreamState.of(SssFrames.state(f))).toList();
    }

    private static byte[] frame(int size, java.util.function.Consumer<ByteBuffer> encoder) {
        ByteBuffer b = ByteBuffer.allocate(size);
        encoder.accept(b);
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
