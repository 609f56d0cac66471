package dev.strand.distribution.cli;

import dev.strand.http.cli.FetchCommand;
import java.util.List;

/**
 * {@code strand fetch URL...}: requests through the connection engine, one line per request
 * (status, size, connection, protocol) and a summary. The work is {@link FetchCommand}'s; this
 * only puts it in the table.
 */
final class FetchSubcommand implements Subcommand {

    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public String arguments() {
        return "URL... [-n COUNT] [-c IN_FLIGHT] [--cacert PEM]";
    }

    @Override
    public String summary() {
        return "fetch URLs through the connection engine and report which connection served each";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        return FetchCommand.run(args.toArray(String[]::new), context.out(), context.err());
    }
}
