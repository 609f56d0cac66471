package dev.strand.distribution.cli;

import java.util.List;

/**
 * {@code strand pico-binance DEVICE ...}: the binance client as lws's pico board runs it, SSPC over
 * the transport mux on a serial port, on the SSPC-only modules
 * ({@code dev.strand.examples.binance.launch.PicoBinance}). {@code bin/strand} starts it with
 * {@code --limit-modules}; this row exists so that help lists it and the module-path launcher
 * explains where it runs.
 */
final class PicoBinanceCommand implements Subcommand {

    /** The name bin/strand knows. */
    static final String NAME = "pico-binance";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String arguments() {
        return "DEVICE [--baud N] [--seconds N] [--connect-timeout S] [--fail-unreachable]";
    }

    @Override
    public String summary() {
        return "the binance client as a pico device: through an SS proxy over the mux on a serial port,"
                + " on the SSPC-only modules";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.SSPC_MODULES;
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        throw new IllegalStateException("pico-binance runs on the SSPC-only modules, started by bin/strand");
    }
}
