package dev.strand.distribution.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The binance demo's commands refuse what they cannot do, before starting anything. */
class BinanceCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int strand(String... args) {
        CommandContext context = new CommandContext(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Optional.empty());
        return Main.run(List.of(args), context);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void thePicoClientRunsOnlyOnTheSspcOnlyModulesAndSaysWhere() {
        assertEquals(2, strand("pico-binance", "/dev/ttyUSB0"));
        assertTrue(err().contains("runs on the SSPC-only modules") && err().contains("bin/strand"), err());
    }

    @Test
    void theDemoNeedsTheDistributionFolder() {
        assertEquals(1, strand("demo"));
        assertTrue(err().contains("needs the distribution folder"), err());
        assertEquals(1, strand("demo", "echo"));
    }

    @Test
    void theDemoRefusesWhatItDoesNotKnow() {
        assertEquals(2, strand("demo", "--fast"));
        assertTrue(err().contains("unknown argument '--fast'"), err());
        assertEquals(2, strand("demo", "echo", "--live"));
        assertTrue(err().contains("'demo echo' takes no arguments"), err());
        assertEquals(2, strand("demo", "--seconds", "0"));
        assertTrue(err().contains("--seconds takes a whole number from 1"), err());
        assertEquals(2, strand("demo", "--live", "--rate", "5"));
        assertTrue(err().contains("--rate is the local feed's"), err());
    }

    @Test
    void theClientsPlacementFlagsExcludeEachOther() {
        assertEquals(2, strand("binance", "--live"));
        assertTrue(err().contains("--live goes with --in-process"), err());
        assertEquals(2, strand("binance", "--in-process", "--proxy", "@x"));
        assertTrue(err().contains("exclude each other"), err());
        assertEquals(2, strand("binance", "--proxy"));
        assertTrue(err().contains("--proxy needs a value"), err());
    }

    @Test
    void theFeedRefusesABadPort() {
        assertEquals(2, strand("feed", "--port", "70000"));
        assertTrue(err().contains("--port takes a whole number from 1 to 65535"), err());
    }
}
