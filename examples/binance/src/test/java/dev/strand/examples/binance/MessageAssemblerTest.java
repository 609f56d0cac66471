package dev.strand.examples.binance;

import static dev.strand.api.ss.PayloadFlags.EOM;
import static dev.strand.api.ss.PayloadFlags.SOM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

    private final MessageAssembler assembler = new MessageAssembler(64);

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private String message() {
        return new String(assembler.buffer(), 0, assembler.length(), StandardCharsets.US_ASCII);
    }

    @Test
    void aWholeMessageInOnePieceIsComplete() {
        assertTrue(assembler.accept(bytes("{\"x\":1}"), SOM | EOM));
        assertEquals("{\"x\":1}", message());
    }

    @Test
    void piecesSplitAtEveryPointRebuildTheMessage() {
        String m = DepthScannerTest.CAPTURED.substring(0, 60);
        for (int cut = 0; cut <= m.length(); cut++) {
            assertFalse(assembler.accept(bytes(m.substring(0, cut)), SOM), "cut " + cut);
            assertTrue(assembler.accept(bytes(m.substring(cut)), EOM), "cut " + cut);
            assertEquals(m, message(), "cut " + cut);
        }
        assertEquals(0, assembler.partial());
    }

    @Test
    void manyRandomPiecesRebuildTheMessage() {
        MessageAssembler big = new MessageAssembler(BinanceClient.MESSAGE_CAPACITY);
        byte[] m = new byte[9000];
        Random random = new Random(7);
        random.nextBytes(m);
        for (int round = 0; round < 200; round++) {
            int at = 0;
            boolean first = true;
            boolean complete = false;
            while (at < m.length) {
                int n = Math.min(m.length - at, random.nextInt(1381));
                boolean last = at + n == m.length;
                complete = big.accept(ByteBuffer.wrap(m, at, n), (first ? SOM : 0) | (last ? EOM : 0));
                assertEquals(last, complete);
                at += n;
                first = false;
            }
            assertTrue(complete);
            assertArrayEquals(m, Arrays.copyOf(big.buffer(), big.length()));
        }
    }

    @Test
    void aZeroLengthEomEndsTheMessage() {
        assertFalse(assembler.accept(bytes("abc"), SOM));
        assertTrue(assembler.accept(bytes(""), EOM));
        assertEquals("abc", message());
    }

    @Test
    void aMessageExactlyTheCapacityFits() {
        String m = "x".repeat(64);
        assertFalse(assembler.accept(bytes(m.substring(0, 10)), SOM));
        assertTrue(assembler.accept(bytes(m.substring(10)), EOM));
        assertEquals(m, message());
        assertEquals(0, assembler.oversized());
    }

    @Test
    void aLongerMessageIsDiscardedToItsEndAndCountedAndTheNextOneIsFine() {
        assertFalse(assembler.accept(bytes("x".repeat(40)), SOM));
        assertFalse(assembler.accept(bytes("y".repeat(40)), 0));
        assertFalse(assembler.accept(bytes("z".repeat(4)), 0));
        assertFalse(assembler.accept(bytes("end"), EOM));
        assertEquals(1, assembler.oversized());
        assertTrue(assembler.accept(bytes("next"), SOM | EOM));
        assertEquals("next", message());
        assertFalse(assembler.accept(bytes("w".repeat(65)), SOM | EOM));
        assertEquals(2, assembler.oversized());
    }

    @Test
    void piecesOfAMessageWhoseStartWasMissedAreDroppedAndCountedOnce() {
        assertFalse(assembler.accept(bytes("middle"), 0));
        assertFalse(assembler.accept(bytes("more"), 0));
        assertFalse(assembler.accept(bytes("end"), EOM));
        assertEquals(1, assembler.partial());
        assertFalse(assembler.accept(bytes("another end"), EOM));
        assertEquals(2, assembler.partial());
        assertTrue(assembler.accept(bytes("whole"), SOM | EOM));
        assertEquals("whole", message());
    }

    @Test
    void aNewStartBeforeTheEndAbandonsTheUnfinishedMessageOnly() {
        assertFalse(assembler.accept(bytes("{\"unfinished\""), SOM));
        assertTrue(assembler.accept(bytes("{\"y\":2}"), SOM | EOM));
        assertEquals("{\"y\":2}", message());
        assertEquals(1, assembler.partial());
    }

    @Test
    void everyPieceIsConsumed() {
        ByteBuffer orphan = bytes("lost");
        assembler.accept(orphan, 0);
        assertEquals(0, orphan.remaining());
        ByteBuffer tooBig = bytes("q".repeat(100));
        assembler.accept(tooBig, SOM);
        assertEquals(0, tooBig.remaining());
    }
}
