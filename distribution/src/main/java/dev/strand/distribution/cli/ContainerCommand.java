package dev.strand.distribution.cli;

import java.util.List;

/**
 * {@code strand} with no subcommand: the container. {@code bin/strand} starts it on the class
 * path ({@code dev.strand.distribution.container.ContainerMain}); this row exists so that help
 * lists it and the module-path launchers explain where it runs.
 */
final class ContainerCommand implements Subcommand {

    @Override
    public String name() {
        return "";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "run the container: embedded Felix with every bundle; conf/ sets it up, deploy/ is watched";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.CONTAINER;
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        throw new IllegalStateException("the container is started by bin/strand, not on the module path");
    }
}
