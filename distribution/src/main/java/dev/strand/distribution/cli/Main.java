package dev.strand.distribution.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The module-path entry point of {@code strand}: dispatches to a {@link Subcommand}. Exit status
 * 0 is success, 1 a failure the subcommand reported, 2 a usage error.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CommandContext context = CommandContext.system();
        int status = run(Arrays.asList(args), context);
        context.out().flush();
        context.err().flush();
        System.exit(status);
    }

    /** Runs the subcommand {@code args} names; returns the exit status. */
    public static int run(List<String> args, CommandContext context) {
        PrintStream err = context.err();
        String name = args.isEmpty() ? "" : args.get(0);
        Optional<Subcommand> found = Subcommands.find(name);
        if (found.isEmpty()) {
            err.println("strand: there is no subcommand '" + name + "'.");
            HelpCommand.print(err);
            return 2;
        }
        Subcommand command = found.get();
        if (command.runsIn() == Subcommand.RunsIn.CONTAINER) {
            err.println("strand: '" + Subcommands.usage(command) + "' runs in the container, which this launcher"
                    + " cannot start: run it with bin/strand in the distribution folder (its lib/ holds Felix).");
            HelpCommand.print(err);
            return 2;
        }
        if (command.runsIn() == Subcommand.RunsIn.SSPC_MODULES) {
            err.println("strand: '" + Subcommands.usage(command) + "' runs on the SSPC-only modules (api, core-net,"
                    + " transport-uart), which bin/strand starts with --limit-modules: run it with bin/strand.");
            return 2;
        }
        try {
            return command.run(args.subList(Math.min(1, args.size()), args.size()), context);
        } catch (UsageException e) {
            err.println("strand " + command.name() + ": " + e.getMessage());
            err.println("usage: " + Subcommands.usage(command));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("strand " + command.name() + ": interrupted");
            return 1;
        } catch (Exception e) {
            err.println("strand " + command.name() + ": " + e);
            return 1;
        }
    }
}
