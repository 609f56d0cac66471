package dev.strand.distribution.cli;

import java.util.List;

/**
 * One {@code strand} subcommand. To add one: implement this, add an instance to
 * {@link Subcommands#ALL}; if it runs in the container or on the SSPC-only modules, also add its
 * name to the matching case in {@code bin/strand} (and, for the latter, in the jlink image's
 * launcher, {@code make-image.sh}). Implementations are stateless until {@link #run}.
 */
public interface Subcommand {

    /** Where a subcommand runs. */
    enum RunsIn {
        /** In the Felix container, started by {@code bin/strand} on the class path. */
        CONTAINER,
        /** On the module path (the distribution's {@code mods/} or the jlink image). */
        MODULE_PATH,
        /**
         * On the SSPC-only module set (api, core-net, transport-uart and the program's own module),
         * which {@code bin/strand} starts with {@code --limit-modules} so that nothing else can load.
         */
        SSPC_MODULES
    }

    /** The word after {@code strand}; the container, started without one, has the empty name. */
    String name();

    /** The arguments it takes, for help: {@code ENDPOINT}, {@code [--live]}; empty if none. */
    String arguments();

    /** One line saying what it does. */
    String summary();

    /** Where it runs. */
    RunsIn runsIn();

    /**
     * Runs it on the calling thread.
     *
     * @return the process exit status: 0 for success
     * @throws UsageException if the arguments are wrong (the caller prints the usage)
     */
    int run(List<String> args, CommandContext context) throws Exception;
}
