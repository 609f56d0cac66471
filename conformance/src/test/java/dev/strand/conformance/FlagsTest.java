package dev.strand.conformance;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Payload flags (secure-streams.md §1.4) in every placement: a ws message is SOM..EOM both ways,
 * whatever the pieces; fragments from the server are pieces of one message; ws_binary decides
 * text or binary; raw rx carries no flags.
 */
class FlagsTest extends ConformanceCase {

    static Stream<Arguments> wsEchoes() {
        return Arrays.stream(Placement.values()).flatMap(p -> Stream.of(arguments(p, "ws-echo"), arguments(p, "ws-python")));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @MethodSource("wsEchoes")
    void aWsMessageSentInPiecesComesBackWithSomOnItsFirstPieceAndEomOnItsLast(Placement p, String type) {
        byte[] first = random(5000, 1);
        byte[] second = random(700, 2);
        Script s = open(p, type, new Script().queueMessage(first, 1000).queueMessage(second, 700)
                .whenDo(CREATING, SecureStream::requestTx));
        Script.await(() -> s.rxSize() == first.length + second.length, "both messages back: " + s.rxFlags);
        List<byte[]> messages = s.messages();
        assertEquals(2, messages.size(), "flags " + s.rxFlags);
        assertArrayEquals(first, messages.get(0));
        assertArrayEquals(second, messages.get(1));
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void fragmentsFromTheServerArriveAsPiecesOfOneMessage(Placement p) {
        byte[] message = random(3000, 3);
        Script s = open(p, "ws-frag", new Script().queueMessage(message, 1000).whenDo(CREATING, SecureStream::requestTx));
        Script.await(() -> s.rxSize() == message.length, "the fragmented echo");
        assertTrue(s.rxFlags.size() >= 3, "one piece per fragment at least: " + s.rxFlags);
        assertEquals(1, s.messages().size(), "flags " + s.rxFlags);
        assertArrayEquals(message, s.messages().get(0));
        assertEquals(PayloadFlags.SOM, s.rxFlags.get(0) & PayloadFlags.SOM);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void wsBinarySendsBinaryMessagesAndItsAbsenceText(Placement p) {
        Script text = open(p, "ws-text", new Script().queue("hello".getBytes(StandardCharsets.US_ASCII),
                PayloadFlags.SOM | PayloadFlags.EOM).whenDo(CREATING, SecureStream::requestTx));
        Script.await(() -> text.rxSize() == 5, "the text echo");
        assertEquals("/text:text", env.ws.kinds.get(env.ws.kinds.size() - 1));
        Script binary = open(p, "ws-echo", new Script().queue(new byte[] {1, 2, 3}, PayloadFlags.SOM | PayloadFlags.EOM)
                .whenDo(CREATING, SecureStream::requestTx));
        Script.await(() -> binary.rxSize() == 3, "the binary echo");
        assertEquals("/echo/:binary", env.ws.kinds.get(env.ws.kinds.size() - 1));
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void rawRxCarriesNoFlags(Placement p) {
        byte[] data = random(3000, 4);
        Script s = open(p, "raw-echo", new Script().whenDo(CREATING, SecureStream::connect));
        s.awaitStates(CREATING, CONNECTING, CONNECTED);
        s.queueMessage(data, 1000).requestTx();
        Script.await(() -> s.rxSize() == data.length, "the raw echo");
        assertArrayEquals(data, s.rx());
        assertTrue(s.rxFlags.stream().allMatch(f -> f == 0), "raw never sets SOM or EOM: " + s.rxFlags);
    }
}
