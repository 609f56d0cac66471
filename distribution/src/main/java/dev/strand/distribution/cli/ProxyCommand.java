package dev.strand.distribution.cli;

import dev.strand.core.net.sss.SssWire;
import dev.strand.distribution.container.ProxyFlags;
import java.util.List;

/**
 * {@code strand proxy [--policy FILE] [--listen ENDPOINT]...}: the container running the SS proxy
 * as the flags say ({@link ProxyFlags}). {@code bin/strand} starts it on the class path; this row
 * exists so that help lists it and the module-path launchers explain where it runs.
 */
final class ProxyCommand implements Subcommand {

    @Override
    public String name() {
        return ProxyFlags.COMMAND;
    }

    @Override
    public String arguments() {
        return "[--policy FILE] [--listen ENDPOINT]...";
    }

    @Override
    public String summary() {
        return "run the SS proxy (default " + SssWire.DEFAULT_PROXY_ADDRESS + ", embedded policy; tcp:PORT listens on 127.0.0.1)";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.CONTAINER;
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        throw new IllegalStateException("the proxy runs in the container, started by bin/strand");
    }
}
