package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.examples.binance.launch.BinanceRunner;
import java.time.Duration;
import java.util.List;

/**
 * {@code strand binance [--proxy ENDPOINT] [--seconds N]}: the binance client
 * ({@link dev.strand.examples.binance.BinanceClient}) in this process, through an SS proxy over a
 * socket (default {@code @proxy.ss.lws}), printing its per-second lines ({@link BinanceRunner});
 * {@code --seconds N} stops after N lines, otherwise it runs until Ctrl-C. The proxy's policy
 * decides where streamtype {@code binance} goes ({@code strand feed} writes one for the local feed).
 */
final class BinanceCommand implements Subcommand {

    static final String DEFAULT_PROXY = "@proxy.ss.lws";

    @Override
    public String name() {
        return "binance";
    }

    @Override
    public String arguments() {
        return "[--proxy ENDPOINT] [--seconds N]";
    }

    @Override
    public String summary() {
        return "the binance client through an SS proxy (default @proxy.ss.lws), printing a line a second";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Endpoint proxy = Endpoint.parse(DEFAULT_PROXY);
        long seconds = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--proxy" -> {
                    try {
                        proxy = Endpoint.parse(Flags.value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--seconds" -> seconds = Flags.positive(args, ++i, a, Integer.MAX_VALUE);
                default -> throw new UsageException("unknown argument '" + a + "'");
            }
        }
        context.out().println("binance: through the SS proxy at " + proxy);
        return BinanceRunner.run(SsProxyClient.builder(proxy).build(), null,
                new BinanceRunner.Settings(seconds, false, Duration.ZERO), context.out());
    }
}
