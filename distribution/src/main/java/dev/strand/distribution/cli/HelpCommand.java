package dev.strand.distribution.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code strand help}: lists the subcommands that exist. */
final class HelpCommand implements Subcommand {

    static final String NAME = "help";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "this list (also --help)";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException {
        if (!args.isEmpty()) {
            throw new UsageException("takes no arguments");
        }
        print(context.out());
        return 0;
    }

    static void print(PrintStream out) {
        out.println("Strand: Secure Streams over pluggable transports and protocols.");
        out.println();
        out.println("usage:");
        int width = Subcommands.ALL.stream().mapToInt(c -> Subcommands.usage(c).length()).max().orElse(0);
        for (Subcommand c : Subcommands.ALL) {
            out.printf("  %-" + width + "s   %s%n", Subcommands.usage(c), c.summary());
        }
        out.println();
        out.println("Endpoints: @name, /path, host:port, uart:DEVICE, exec:COMMAND, mem:NAME (quote them in");
        out.println("shells); 'strand transports' shows which schemes are present.");
        out.println("Environment: JAVA_OPTS (JVM options), STRAND_MODULE_PATH (more jars for the module path).");
    }
}
