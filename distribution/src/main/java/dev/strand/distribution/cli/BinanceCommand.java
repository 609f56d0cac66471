package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.SecureStreams;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.sss.SssWire;
import dev.strand.examples.binance.BinancePolicies;
import dev.strand.examples.binance.launch.BinanceRunner;
import dev.strand.examples.binance.feed.FeedCertificates;
import dev.strand.examples.binance.feed.LocalFeed;
import dev.strand.secure.streams.InProcessSecureStreams;
import dev.strand.secure.streams.policy.PolicyLoader;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code strand binance [--proxy ENDPOINT | --in-process [--live]] [--seconds N]}: the binance
 * client ({@link dev.strand.examples.binance.BinanceClient}) in this process, printing its
 * per-second lines ({@link BinanceRunner}); {@code --seconds N} stops after N lines, otherwise it
 * runs until Ctrl-C.
 *
 * <ul>
 *   <li>{@code --proxy ENDPOINT} (the default, {@code @proxy.ss.lws}): through an SS proxy, whose
 *       policy decides where streamtype {@code binance} goes ({@code strand feed} writes one for
 *       the local feed);</li>
 *   <li>{@code --in-process}: the policy and the network in this process: the local feed starts
 *       here too (a CA made now, the policy trusting it), or with {@code --live} the shipped policy
 *       for {@code fstream.binance.com}; either gives up at the first UNREACHABLE.</li>
 * </ul>
 */
final class BinanceCommand implements Subcommand {

    static final String DEFAULT_PROXY = SssWire.DEFAULT_PROXY_ADDRESS;
    /** How long an in-process stream may take to connect before the run gives up. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "binance";
    }

    @Override
    public String arguments() {
        return "[--proxy ENDPOINT | --in-process [--live]] [--seconds N]";
    }

    @Override
    public String summary() {
        return "the binance client through an SS proxy (default " + DEFAULT_PROXY + ") or in-process, a line a second";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Endpoint proxy = Endpoint.parse(DEFAULT_PROXY);
        boolean proxyGiven = false;
        boolean inProcess = false;
        boolean live = false;
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
                    proxyGiven = true;
                }
                case "--in-process" -> inProcess = true;
                case "--live" -> live = true;
                case "--seconds" -> seconds = Flags.positive(args, ++i, a, Integer.MAX_VALUE);
                default -> throw new UsageException("unknown argument '" + a + "'");
            }
        }
        if (inProcess && proxyGiven) {
            throw new UsageException("--in-process and --proxy exclude each other");
        }
        if (live && !inProcess) {
            throw new UsageException("--live goes with --in-process; through a proxy, the proxy's policy decides");
        }
        PrintStream out = context.out();
        if (!inProcess) {
            out.println("binance: through the SS proxy at " + proxy);
            return BinanceRunner.run(SsProxyClient.builder(proxy).build(), null,
                    new BinanceRunner.Settings(seconds, false, Duration.ZERO), out);
        }
        BinanceRunner.Settings settings = new BinanceRunner.Settings(seconds, true, CONNECT_TIMEOUT);
        if (live) {
            out.println("binance: in-process, to " + BinancePolicies.LIVE_HOST + ":443 (the shipped live policy)");
            return BinanceRunner.run(InProcessSecureStreams.of(PolicyLoader.load(BinancePolicies.live())), null,
                    settings, out);
        }
        FeedCertificates certs = FeedCertificates.generate("127.0.0.1");
        try (LocalFeed feed = LocalFeed.start(LocalFeed.Options.demo(BinanceDemo.DEFAULT_RATE), certs)) {
            out.println("binance: in-process, to the local feed at wss://127.0.0.1:" + feed.port() + LocalFeed.PATH
                    + " (started here, trusting only a CA made just now)");
            SecureStreams streams = InProcessSecureStreams.of(
                    PolicyLoader.load(BinancePolicies.localFeed("127.0.0.1", feed.port(), certs.caDerBase64())));
            return BinanceRunner.run(streams, null, settings, out);
        }
    }
}
