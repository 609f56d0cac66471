package dev.strand.distribution.cli;

import java.util.List;
import java.util.Optional;

/**
 * The table of subcommands, in the order help lists them.
 */
public final class Subcommands {

    /** Every subcommand that exists. */
    public static final List<Subcommand> ALL = List.of(
            new ContainerCommand(),
            new DemoCommand(),
            new ProxyCommand(),
            new SsCommand(),
            new BinanceCommand(),
            new PicoBinanceCommand(),
            new FeedCommand(),
            new TransportsCommand(),
            new LinkCommand(),
            new FetchSubcommand(),
            new HelpCommand());

    private Subcommands() {
    }

    /** The subcommand called {@code name}; {@code --help} and {@code -h} are {@code help}. */
    public static Optional<Subcommand> find(String name) {
        String n = name.equals("--help") || name.equals("-h") ? HelpCommand.NAME : name;
        return ALL.stream().filter(c -> c.name().equals(n)).findFirst();
    }

    /** How to call {@code command}: {@code strand link ENDPOINT}. */
    public static String usage(Subcommand command) {
        StringBuilder s = new StringBuilder("strand");
        if (!command.name().isEmpty()) {
            s.append(' ').append(command.name());
        }
        if (!command.arguments().isEmpty()) {
            s.append(' ').append(command.arguments());
        }
        return s.toString();
    }
}
