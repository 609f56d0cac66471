package dev.strand.distribution.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code strand demo [--live] [--seconds N] [--rate N]}: the main job a newcomer runs first, the
 * binance example on a "pico" client over a serial line through the SS proxy to a feed
 * ({@link BinanceDemo}); {@code strand demo echo} is the smaller one, a client stream through the
 * proxy to a TCP echo origin ({@link EchoDemo}). Both need the distribution folder (they start
 * the container as a child process).
 */
final class DemoCommand implements Subcommand {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String arguments() {
        return "[--live] [--seconds N] [--rate N] | demo echo";
    }

    @Override
    public String summary() {
        return "the binance example on a pico client over a pty, through the SS proxy, to a local wss feed"
                + " (the first thing to try); 'echo': a client through the proxy to an echo origin";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        boolean echo = !args.isEmpty() && args.get(0).equals("echo");
        if (echo && args.size() > 1) {
            throw new UsageException("'demo echo' takes no arguments");
        }
        boolean live = false;
        int seconds = BinanceDemo.DEFAULT_SECONDS;
        int rate = BinanceDemo.DEFAULT_RATE;
        for (int i = 0; !echo && i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--live" -> live = true;
                case "--seconds" -> seconds = Flags.positive(args, ++i, a, 3600);
                case "--rate" -> rate = Flags.positive(args, ++i, a, 1000);
                default -> throw new UsageException("unknown argument '" + a + "'");
            }
        }
        if (live && args.contains("--rate")) {
            throw new UsageException("--rate is the local feed's; --live uses Binance's");
        }
        Optional<Path> home = context.home().filter(h -> Files.isRegularFile(h.resolve("bin/strand")));
        if (home.isEmpty()) {
            context.err().println("strand demo: needs the distribution folder (bin/, lib/, bundle/):"
                    + " run it as DISTRIBUTION/bin/strand demo (the jlink image has no container)");
            return 1;
        }
        if (echo) {
            return EchoDemo.run(home.get(), context.out(), context.err());
        }
        return new BinanceDemo(home.get(), context.out(), context.err(), live, seconds, rate).run();
    }
}
