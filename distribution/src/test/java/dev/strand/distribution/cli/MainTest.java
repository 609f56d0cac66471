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

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int strand(String... args) {
        CommandContext context = new CommandContext(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Optional.empty());
        return Main.run(List.of(args), context);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEverySubcommandInTheTable() {
        assertEquals(0, strand("help"));
        for (Subcommand c : Subcommands.ALL) {
            assertTrue(out().contains(Subcommands.usage(c)), "help lacks " + Subcommands.usage(c) + ":\n" + out());
        }
    }

    @Test
    void dashDashHelpIsHelp() {
        assertEquals(0, strand("--help"));
        assertTrue(out().contains("strand link ENDPOINT"), out());
    }

    @Test
    void anUnknownSubcommandIsAUsageErrorThatShowsHelp() {
        assertEquals(2, strand("frobnicate"));
        assertTrue(err().contains("there is no subcommand 'frobnicate'"), err());
        assertTrue(err().contains("strand transports"), err());
    }

    @Test
    void theContainerCannotRunOnTheModulePathAndSaysWhere() {
        assertEquals(2, strand());
        assertTrue(err().contains("runs in the container") && err().contains("bin/strand"), err());
    }

    @Test
    void wrongArgumentsPrintTheUsage() {
        assertEquals(2, strand("link"));
        assertTrue(err().contains("usage: strand link ENDPOINT"), err());
        assertEquals(2, strand("link", "not an endpoint"));
        assertTrue(err().contains("neither @name, /path, host:port nor scheme:address"), err());
    }

    @Test
    void theDemoWithoutADistributionFolderSaysWhatItNeeds() {
        assertEquals(1, strand("demo"));
        assertTrue(err().contains("needs the distribution folder"), err());
    }

    @Test
    void transportsListsTheLoopbackOfCoreNet() {
        assertEquals(0, strand("transports"));
        assertTrue(out().contains("loopback") && out().contains("mem:") && out().contains("dev.strand.core.net"), out());
    }

    @Test
    void everySubcommandNameIsUnique() {
        assertEquals(Subcommands.ALL.size(), Subcommands.ALL.stream().map(Subcommand::name).distinct().count());
    }
}
