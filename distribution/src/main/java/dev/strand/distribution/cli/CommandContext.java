package dev.strand.distribution.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a subcommand may use: the standard streams and, when run from a distribution folder, that
 * folder ({@code strand.home}, set by {@code bin/strand}; absent in the jlink image).
 *
 * @param in   standard input
 * @param out  standard output: a subcommand's results
 * @param err  standard error: progress and problems
 * @param home the distribution folder, if there is one
 */
public record CommandContext(InputStream in, PrintStream out, PrintStream err, Optional<Path> home) {

    /** The system property {@code bin/strand} sets to the distribution folder. */
    public static final String HOME_PROPERTY = "strand.home";

    /** This process's streams and {@code strand.home}. */
    public static CommandContext system() {
        return new CommandContext(System.in, System.out, System.err,
                Optional.ofNullable(System.getProperty(HOME_PROPERTY)).map(Path::of));
    }
}
